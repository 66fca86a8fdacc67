using Dmarc.Core.Accounts;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Notifications;
using Dmarc.Core.Reports;
using Dmarc.Core.Validation;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Onboarding;

/// <summary>The answer to a sign-up.</summary>
public abstract record SignupResult
{
    private SignupResult()
    {
    }

    public sealed record Invalid(ValidationErrors Errors) : SignupResult;

    /// <summary>Another account already manages the domain.</summary>
    public sealed record DomainTaken(string Domain) : SignupResult;

    /// <summary>Another account claimed the domain between sign-up and confirmation; the account stays pending.</summary>
    public sealed record DomainTakenMeanwhile(string Domain) : SignupResult;

    public sealed record Started(Account Account) : SignupResult;

    public sealed record Confirmed(Account Account, string ApiKey) : SignupResult;

    public sealed record LinkRejected(string Reason) : SignupResult;
}

/// <summary>
/// Sign-up with a business address: a pending account and a welcome link. Only confirming the
/// link claims the domain, so a pending or failed sign-up never blocks anyone.
/// </summary>
public sealed class SignupService(
    AccountService accounts,
    IAccountStore store,
    IMonitoredDomains domains,
    IDomainExistence dns,
    IEmailSender mailer,
    SignupTokens tokens,
    UnclaimedReports unclaimed,
    IOptions<OnboardingOptions> options,
    TimeProvider time)
{
    private const string AlreadyUsed = "The link was already used. Sign in with the API key you received then, or ask an owner of the account.";

    public async Task<SignupResult> SignUpAsync(string? address, string? domain, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var email = address?.Trim().ToLowerInvariant();
        var org = DnsNames.Normalize(domain);
        if (!EmailAddress.TryParse(email, out var parsed))
        {
            errors.Add("email", $"'{address}' is not a valid e-mail address.");
        }
        else if (FreeMailDomains.FamilyOf(parsed!.Host) is { } family)
        {
            errors.Add("email", $"Addresses at public e-mail providers ({family}) cannot sign up. Use your business address at your organisation's domain.");
        }

        if (org is null || !org.Contains('.', StringComparison.Ordinal))
        {
            errors.Add("domain", $"'{domain}' is not a domain name.");
        }
        else if (errors.IsEmpty && !DnsNames.IsAtOrBelow(parsed!.Host, org))
        {
            errors.Add("email", $"The address must be at {org} or one of its subdomains.");
        }

        if (!errors.IsEmpty)
        {
            return new SignupResult.Invalid(errors);
        }

        if (await domains.GetAsync(org!, cancellationToken) is not null)
        {
            return new SignupResult.DomainTaken(org!);
        }

        if (!await dns.ExistsAsync(org!, cancellationToken))
        {
            errors.Add("domain", $"{org} was not found in DNS (no SOA or NS record). Check the spelling, or sign up once the domain is delegated.");
            return new SignupResult.Invalid(errors);
        }

        var account = await accounts.AddAsync(org!, [email!], Edition.Monitor, AccountStatus.Pending, cancellationToken);
        var link = new Uri($"{options.Value.ConfirmUrl}?token={Uri.EscapeDataString(tokens.Create(account.Id, email!, org))}");
        await mailer.SendAsync(OnboardingMail.Welcome(email!, org!, link, options.Value.LinkLifetime), cancellationToken);
        return new SignupResult.Started(account);
    }

    /// <summary>
    /// Claims the domain for the account of a genuine, unexpired, unused link, activates it and
    /// issues the owner's first key. Exactly one of concurrent confirmations wins; if another
    /// account claimed the domain meanwhile, the account is not activated.
    /// </summary>
    public async Task<SignupResult> ConfirmAsync(string? token, CancellationToken cancellationToken = default)
    {
        var claim = tokens.Verify(token, out var error);
        if (claim is null)
        {
            return new SignupResult.LinkRejected(error!);
        }

        var account = await store.GetAsync(claim.AccountId, cancellationToken);
        if (account is null || account.Status != AccountStatus.Pending)
        {
            return new SignupResult.LinkRejected(AlreadyUsed);
        }

        var domain = claim.Domain ?? account.Name;
        if (!await domains.TryClaimAsync(new MonitoredDomain(domain, account.Id, null, time.GetUtcNow()), cancellationToken))
        {
            return new SignupResult.DomainTakenMeanwhile(domain);
        }

        // Before activation: if this fails, the link still works and confirming again moves the rest.
        await unclaimed.MoveToAsync(domain, account.Id, cancellationToken);

        if (!await store.TryChangeStatusAsync(account.Id, AccountStatus.Pending, AccountStatus.Active, cancellationToken))
        {
            return new SignupResult.LinkRejected(AlreadyUsed);
        }

        var key = await accounts.IssueKeyAsync(new ApiKeyGrant(account.Id, claim.Email, AccountRole.Owner), cancellationToken);
        await mailer.SendAsync(OnboardingMail.NewDomain([claim.Email], domain), cancellationToken);
        return new SignupResult.Confirmed(account with { Status = AccountStatus.Active }, key);
    }
}
