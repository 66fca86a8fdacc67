using Dmarc.Core.Accounts;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Notifications;
using Dmarc.Core.Validation;
using Microsoft.Extensions.Options;

namespace Dmarc.Core.Onboarding;

/// <summary>The answer to an access request or a decision on one.</summary>
public abstract record AccessResult
{
    private AccessResult()
    {
    }

    public sealed record Invalid(ValidationErrors Errors) : AccessResult;

    public sealed record NotManaged(string Domain) : AccessResult;

    public sealed record NotFound : AccessResult;

    public sealed record AlreadyDecided(AccessRequestStatus Status) : AccessResult;

    /// <summary>Stored unconfirmed; the requester was sent the confirmation link.</summary>
    public sealed record Requested(AccessRequest Request) : AccessResult;

    /// <summary>The requester confirmed the address and the owners were asked.</summary>
    public sealed record Confirmed(AccessRequest Request) : AccessResult;

    public sealed record LinkRejected(string Reason) : AccessResult;

    /// <summary>Too many requests in the current window; try again after <paramref name="RetryAfter"/>.</summary>
    public sealed record RateLimited(string Reason, TimeSpan RetryAfter) : AccessResult;

    /// <summary>Approved: the requester is a member and this key is theirs (shown once).</summary>
    public sealed record Approved(AccessRequest Request, string ApiKey) : AccessResult;

    public sealed record Declined(AccessRequest Request) : AccessResult;
}

/// <summary>
/// Asking to join the account that manages a domain. The requester first confirms the address
/// with a signed link; only then are the account's owners e-mailed, and they decide. Requests are
/// limited per requester and per domain each UTC day, and the requester never learns who the owners are.
/// </summary>
public sealed class AccessRequestService(
    IMonitoredDomains domains,
    IAccessRequestStore requests,
    IAccountStore accounts,
    AccountService keys,
    IRequestCounters counters,
    SignupTokens tokens,
    IEmailSender mailer,
    IOptions<OnboardingOptions> options,
    TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(1);

    public async Task<AccessResult> RequestAsync(string? domain, string? requesterEmail, string? message, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var name = DnsNames.Normalize(domain);
        var email = requesterEmail?.Trim().ToLowerInvariant();
        if (name is null)
        {
            errors.Add("domain", $"'{domain}' is not a domain name.");
        }

        if (!EmailAddress.IsValid(email))
        {
            errors.Add("requesterEmail", $"'{requesterEmail}' is not a valid e-mail address.");
        }

        var text = AccessRequestMessage.Normalize(message, out var messageError);
        if (messageError is not null)
        {
            errors.Add("message", messageError);
        }

        if (!errors.IsEmpty)
        {
            return new AccessResult.Invalid(errors);
        }

        var owner = await domains.GetAsync(name!, cancellationToken);
        var account = owner is null ? null : await accounts.GetAsync(owner.AccountId, cancellationToken);
        if (account is null)
        {
            return new AccessResult.NotManaged(name!);
        }

        if (await LimitAsync(email!, name!, cancellationToken) is { } limited)
        {
            return limited;
        }

        var request = new AccessRequest("req_" + Guid.NewGuid().ToString("N")[..20], account.Id, name!, email!, text!, AccessRequestStatus.Unconfirmed, time.GetUtcNow());
        await requests.AddAsync(request, cancellationToken);
        var token = tokens.Create(request.Id, request.RequesterEmail, purpose: SignupTokens.AccessRequestPurpose);
        var link = new Uri($"{options.Value.AccessConfirmLink}?token={Uri.EscapeDataString(token)}");
        await mailer.SendAsync(OnboardingMail.AccessConfirm(request, link, options.Value.LinkLifetime), cancellationToken);
        return new AccessResult.Requested(request);
    }

    /// <summary>The requester's link: the request becomes pending (once) and the owners are e-mailed.</summary>
    public async Task<AccessResult> ConfirmAsync(string? token, CancellationToken cancellationToken = default)
    {
        var claim = tokens.Verify(token, out _, SignupTokens.AccessRequestPurpose);
        var request = claim is null ? null : await requests.GetAsync(claim.AccountId, cancellationToken);
        if (request is null || request.RequesterEmail != claim!.Email)
        {
            return new AccessResult.LinkRejected("The link is not valid or has expired. Ask for access again to get a new one.");
        }

        if (!await requests.TryChangeStatusAsync(request.Id, AccessRequestStatus.Unconfirmed, AccessRequestStatus.Pending, cancellationToken))
        {
            return new AccessResult.LinkRejected("The request was already confirmed; the account's owners were asked then.");
        }

        var account = await accounts.GetAsync(request.AccountId, cancellationToken);
        var pending = request with { Status = AccessRequestStatus.Pending };
        if (account is { OwnerEmails.Count: > 0 })
        {
            await mailer.SendAsync(OnboardingMail.AccessRequested(account.OwnerEmails, pending), cancellationToken);
        }

        return new AccessResult.Confirmed(pending);
    }

    /// <summary>The confirmed request if it belongs to an account the caller may decide for (checked by the caller); unconfirmed ones are invisible.</summary>
    public async Task<AccessRequest?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await requests.GetAsync(id, cancellationToken) is { Status: not AccessRequestStatus.Unconfirmed } request ? request : null;

    public async Task<AccessResult> DecideAsync(AccessRequest request, bool approve, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var status = approve ? AccessRequestStatus.Approved : AccessRequestStatus.Declined;
        if (!await requests.TryChangeStatusAsync(request.Id, AccessRequestStatus.Pending, status, cancellationToken))
        {
            return new AccessResult.AlreadyDecided((await requests.GetAsync(request.Id, cancellationToken))!.Status);
        }

        var decided = request with { Status = status };
        await mailer.SendAsync(OnboardingMail.AccessDecided(decided, approve), cancellationToken);
        if (!approve)
        {
            return new AccessResult.Declined(decided);
        }

        await accounts.AddUserAsync(new AccountUser(request.AccountId, request.RequesterEmail, AccountRole.Member, time.GetUtcNow()), cancellationToken);
        var key = await keys.IssueKeyAsync(new ApiKeyGrant(request.AccountId, request.RequesterEmail, AccountRole.Member), cancellationToken);
        return new AccessResult.Approved(decided, key);
    }

    /// <summary>Counts the request against the requester's and the domain's daily limits; the answer when one is reached.</summary>
    private async Task<AccessResult?> LimitAsync(string email, string domain, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var retryAfter = day + Window - now;
        var limits = options.Value;
        if (!await counters.TryCountAsync("access-requester:" + email, day, limits.MaxAccessRequestsPerRequester, cancellationToken))
        {
            return new AccessResult.RateLimited($"This service accepts at most {limits.MaxAccessRequestsPerRequester} access requests a day from one address.", retryAfter);
        }

        return await counters.TryCountAsync("access-domain:" + domain, day, limits.MaxAccessRequestsPerDomain, cancellationToken)
            ? null
            : new AccessResult.RateLimited($"This service accepts at most {limits.MaxAccessRequestsPerDomain} access requests a day for {domain}.", retryAfter);
    }
}
