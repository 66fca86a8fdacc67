using Dmarc.Core.Accounts;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Notifications;

namespace Dmarc.Core.Onboarding;

public enum DomainChange
{
    Added,
    AlreadyAdded,
    TakenByAnotherAccount,
    Invalid,
    Removed,
    NotFound,
}

/// <summary>The registry of an account's domains, which routes its reports; a domain belongs to one account at a time.</summary>
public sealed class AccountDomainsService(IMonitoredDomains domains, IAccountStore accounts, IEmailSender mailer, TimeProvider time)
{
    public Task<IReadOnlyList<MonitoredDomain>> ListAsync(string accountId, CancellationToken cancellationToken = default) =>
        domains.ListAsync(accountId, cancellationToken);

    public async Task<DomainChange> AddAsync(string accountId, string? domain, CancellationToken cancellationToken = default)
    {
        var name = DnsNames.Normalize(domain);
        if (name is null || !name.Contains('.', StringComparison.Ordinal))
        {
            return DomainChange.Invalid;
        }

        var existing = await domains.GetAsync(name, cancellationToken);
        if (existing is not null)
        {
            return existing.AccountId == accountId ? DomainChange.AlreadyAdded : DomainChange.TakenByAnotherAccount;
        }

        if (!await domains.TryClaimAsync(new MonitoredDomain(name, accountId, null, time.GetUtcNow()), cancellationToken))
        {
            return DomainChange.TakenByAnotherAccount;
        }

        var account = await accounts.GetAsync(accountId, cancellationToken);
        if (account is { OwnerEmails.Count: > 0 })
        {
            await mailer.SendAsync(OnboardingMail.NewDomain(account.OwnerEmails, name), cancellationToken);
        }

        return DomainChange.Added;
    }

    public async Task<DomainChange> RemoveAsync(string accountId, string domain, CancellationToken cancellationToken = default)
    {
        var name = DnsNames.Normalize(domain);
        var existing = name is null ? null : await domains.GetAsync(name, cancellationToken);
        if (existing is null || existing.AccountId != accountId)
        {
            return DomainChange.NotFound;
        }

        await domains.RemoveAsync(name!, cancellationToken);
        return DomainChange.Removed;
    }
}
