using Dmarc.Core.Accounts;
using Dmarc.Core.Audit;
using Dmarc.Core.Validation;

namespace Dmarc.Core.Alerts;

/// <summary>The answer to a security change.</summary>
public abstract record SecurityChange
{
    private SecurityChange()
    {
    }

    public sealed record Invalid(ValidationErrors Errors) : SecurityChange;

    public sealed record NotFound : SecurityChange;

    public sealed record Done(AccountSecurity Security) : SecurityChange;

    public sealed record UserDone(string Email, bool MfaEnabled) : SecurityChange;
}

/// <summary>
/// The account's MFA requirement and SSO provider, and each user's own MFA. A change raises the
/// MFA change or SSO change smart alert; setting what is already set raises nothing (edge-triggered).
/// </summary>
public sealed class AccountSecurityService(IAccountSecurityStore store, IAccountStore accounts, SmartAlerts alerts, ActivityRecorder activity, TimeProvider time)
{
    public const int MaxProviderLength = 100;
    public static readonly AccountSecurity Default = new(false, null, DateTimeOffset.MinValue);

    public async Task<AccountSecurity> GetAsync(string accountId, CancellationToken cancellationToken = default) =>
        await store.GetAsync(accountId, cancellationToken) ?? Default;

    public async Task<SecurityChange> SetAsync(string accountId, bool? mfaRequired, string? ssoProvider, string actor, CancellationToken cancellationToken = default)
    {
        var provider = string.IsNullOrWhiteSpace(ssoProvider) || string.Equals(ssoProvider.Trim(), "none", StringComparison.OrdinalIgnoreCase) ? null : ssoProvider.Trim();
        var errors = new ValidationErrors();
        if (mfaRequired is null)
        {
            errors.Add("mfaRequired", "Say whether every user of the account must use MFA: true or false.");
        }

        if (provider is not null && (provider.Length > MaxProviderLength || provider.Any(char.IsControl)))
        {
            errors.Add("ssoProvider", $"Give the SSO provider's name (at most {MaxProviderLength} characters), or none.");
        }

        if (!errors.IsEmpty)
        {
            return new SecurityChange.Invalid(errors);
        }

        if (await accounts.GetAsync(accountId, cancellationToken) is null)
        {
            return new SecurityChange.NotFound();
        }

        var before = await GetAsync(accountId, cancellationToken);
        if (before.MfaRequired == mfaRequired && before.SsoProvider == provider)
        {
            return new SecurityChange.Done(before);
        }

        var now = time.GetUtcNow();
        var after = new AccountSecurity(mfaRequired!.Value, provider, now);
        var entry = await activity.StartAsync(accountId, actor, "SecurityChanged", $"MFA required {after.MfaRequired}, SSO {after.SsoProvider ?? "none"}", cancellationToken);
        await store.PutAsync(accountId, after, cancellationToken);
        await activity.CompleteAsync(entry, ActivityEntry.Done, cancellationToken);
        var scope = now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (before.MfaRequired != after.MfaRequired)
        {
            await alerts.RaiseAsync(new AlertEvent(
                AlertType.MfaChange, accountId, null, null, "account-" + scope,
                $"Account-level MFA was {(after.MfaRequired ? "required" : "no longer required")} by {actor}.",
                MfaText(before.MfaRequired), MfaText(after.MfaRequired),
                "If you did not make this change, set it back with PUT /api/accounts/{id}/security and review who holds owner keys.",
                now), cancellationToken);
        }

        if (before.SsoProvider != after.SsoProvider)
        {
            await alerts.RaiseAsync(new AlertEvent(
                AlertType.SsoChange, accountId, null, null, "sso-" + scope,
                $"Single sign-on was changed by {actor}.",
                before.SsoProvider ?? "none", after.SsoProvider ?? "none",
                "If you did not make this change, set the provider back with PUT /api/accounts/{id}/security; until then users sign in through the new provider.",
                now), cancellationToken);
        }

        return new SecurityChange.Done(after);
    }

    public async Task<SecurityChange> SetUserMfaAsync(string accountId, string email, bool? enabled, string actor, CancellationToken cancellationToken = default)
    {
        if (enabled is null)
        {
            return new SecurityChange.Invalid(ValidationErrors.Of("enabled", "Say whether the user signs in with MFA: true or false."));
        }

        var users = await accounts.ListUsersAsync(accountId, cancellationToken);
        var user = users.FirstOrDefault(u => string.Equals(u.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));
        if (user is null)
        {
            return new SecurityChange.NotFound();
        }

        var before = await store.GetUserMfaAsync(accountId, user.Email, cancellationToken) ?? false;
        if (before == enabled)
        {
            return new SecurityChange.UserDone(user.Email, before);
        }

        var now = time.GetUtcNow();
        var entry = await activity.StartAsync(accountId, actor, "UserMfaChanged", $"{user.Email}: MFA {(enabled.Value ? "on" : "off")}", cancellationToken);
        await store.PutUserMfaAsync(accountId, user.Email, enabled.Value, cancellationToken);
        await activity.CompleteAsync(entry, ActivityEntry.Done, cancellationToken);
        await alerts.RaiseAsync(new AlertEvent(
            AlertType.MfaChange, accountId, null, null, "user-" + user.Email + "-" + now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"MFA for {user.Email} was turned {(enabled.Value ? "on" : "off")} by {actor}.",
            MfaText(before), MfaText(enabled.Value),
            "If you did not make this change, set it back with PUT /api/accounts/{id}/users/{email}/mfa and renew your API key.",
            now) { User = user.Email }, cancellationToken);
        return new SecurityChange.UserDone(user.Email, enabled.Value);
    }

    private static string MfaText(bool on) => on ? "MFA on" : "MFA off";
}
