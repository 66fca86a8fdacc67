using Dmarc.Core.Accounts;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Notifications;
using Dmarc.Core.Validation;

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

    public sealed record Requested(AccessRequest Request) : AccessResult;

    /// <summary>Approved: the requester is a member and this key is theirs (shown once).</summary>
    public sealed record Approved(AccessRequest Request, string ApiKey) : AccessResult;

    public sealed record Declined(AccessRequest Request) : AccessResult;
}

/// <summary>
/// Asking to join the account that manages a domain. The account's owners are e-mailed and
/// decide; the requester never learns who they are.
/// </summary>
public sealed class AccessRequestService(
    IMonitoredDomains domains,
    IAccessRequestStore requests,
    IAccountStore accounts,
    AccountService keys,
    IEmailSender mailer,
    TimeProvider time)
{
    public const int MaxMessageLength = 2000;

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

        if (message?.Length > MaxMessageLength)
        {
            errors.Add("message", $"The message must be at most {MaxMessageLength} characters.");
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

        var request = new AccessRequest("req_" + Guid.NewGuid().ToString("N")[..20], account.Id, name!, email!, message?.Trim() ?? "", AccessRequestStatus.Pending, time.GetUtcNow());
        await requests.AddAsync(request, cancellationToken);
        await mailer.SendAsync(OnboardingMail.AccessRequested(account.OwnerEmails, request), cancellationToken);
        return new AccessResult.Requested(request);
    }

    /// <summary>The request if it belongs to an account the caller may decide for (checked by the caller).</summary>
    public Task<AccessRequest?> GetAsync(string id, CancellationToken cancellationToken = default) => requests.GetAsync(id, cancellationToken);

    public async Task<AccessResult> DecideAsync(AccessRequest request, bool approve, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var status = approve ? AccessRequestStatus.Approved : AccessRequestStatus.Declined;
        if (!await requests.TryDecideAsync(request.Id, status, cancellationToken))
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
}
