using Dmarc.Core.Accounts;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Notifications;
using Dmarc.Core.Reports;

namespace Dmarc.Core.Onboarding;

public enum DomainChange
{
    Removed,
    NotFound,
}

/// <summary>
/// The registry of an account's domains, which routes its reports; a domain belongs to one account
/// at a time. An account claims a domain at or below one of its own zones at once, any other
/// domain only by publishing a TXT challenge in the domain's public DNS. A claim brings the
/// domain's unclaimed reports along; adding or verifying an added domain again finishes a move
/// that failed half-way.
/// </summary>
public sealed class AccountDomainsService(
    IMonitoredDomains domains,
    IAccountStore accounts,
    IDnsProvider zones,
    IDomainChallengeStore challenges,
    ITxtLookup txt,
    IEmailOutbox outbox,
    UnclaimedReports unclaimed,
    TimeProvider time)
{
    public Task<IReadOnlyList<MonitoredDomain>> ListAsync(string accountId, CancellationToken cancellationToken = default) =>
        domains.ListAsync(accountId, cancellationToken);

    /// <summary>Adds one of the account's zones (or a name below one); for any other domain returns the open challenge, issuing one if needed.</summary>
    public async Task<DomainClaimResult> AddAsync(string accountId, string? domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (await CheckAsync(accountId, domain, cancellationToken) is { } answer)
        {
            return await CompleteAsync(accountId, answer, cancellationToken);
        }

        var name = DnsNames.Normalize(domain)!;
        var ownZones = await zones.ListZoneNamesAsync(accountId, cancellationToken);
        if (ownZones.Any(z => DnsNames.IsAtOrBelow(name, z)))
        {
            return await ClaimAsync(accountId, name, cancellationToken);
        }

        var now = time.GetUtcNow();
        if (await challenges.GetAsync(accountId, name, cancellationToken) is { } open && !open.IsExpired(now))
        {
            return new DomainClaimResult.ChallengeIssued(open);
        }

        var challenge = DomainChallenge.Issue(accountId, name, now);
        await challenges.UpsertAsync(challenge, cancellationToken);
        return new DomainClaimResult.ChallengeIssued(challenge);
    }

    /// <summary>Claims the domain when public DNS serves the account's open challenge.</summary>
    public async Task<DomainClaimResult> VerifyAsync(string accountId, string? domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (await CheckAsync(accountId, domain, cancellationToken) is { } answer)
        {
            return await CompleteAsync(accountId, answer, cancellationToken);
        }

        var name = DnsNames.Normalize(domain)!;
        var challenge = await challenges.GetAsync(accountId, name, cancellationToken);
        if (challenge is null)
        {
            return new DomainClaimResult.NoChallenge(name);
        }

        if (challenge.IsExpired(time.GetUtcNow()))
        {
            await challenges.DeleteAsync(accountId, name, cancellationToken);
            return new DomainClaimResult.ChallengeExpired(name);
        }

        var published = await txt.GetTxtAsync(challenge.RecordName, cancellationToken);
        if (!published.Contains(challenge.Value, StringComparer.Ordinal))
        {
            return new DomainClaimResult.NotProven(challenge);
        }

        var result = await ClaimAsync(accountId, name, cancellationToken);
        await challenges.DeleteAsync(accountId, name, cancellationToken);
        return result;
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

    /// <summary>Invalid, already added or taken; null when the domain is free to claim.</summary>
    private async Task<DomainClaimResult?> CheckAsync(string accountId, string? domain, CancellationToken cancellationToken)
    {
        var name = DnsNames.Normalize(domain);
        if (name is null || !name.Contains('.', StringComparison.Ordinal))
        {
            return new DomainClaimResult.Invalid(domain?.Trim() ?? "");
        }

        return await domains.GetAsync(name, cancellationToken) switch
        {
            null => null,
            { AccountId: var owner } when owner == accountId => new DomainClaimResult.AlreadyAdded(name),
            _ => new DomainClaimResult.TakenByAnotherAccount(name),
        };
    }

    /// <summary>
    /// For a domain the account already has, finishes what a failed attempt may have left (a
    /// retry): the Domain added alert (the registry raises the same event again, delivered once),
    /// the reports still unclaimed, and the owners' e-mail (kept under the registration's key, sent once).
    /// </summary>
    private async Task<DomainClaimResult> CompleteAsync(string accountId, DomainClaimResult answer, CancellationToken cancellationToken)
    {
        if (answer is DomainClaimResult.AlreadyAdded added && await domains.GetAsync(added.Domain, cancellationToken) is { } registration)
        {
            await domains.TryClaimAsync(registration, cancellationToken);
            await unclaimed.MoveToAsync(added.Domain, accountId, cancellationToken);
            await MailOwnersAsync(registration, cancellationToken);
        }

        return answer;
    }

    /// <summary>The owners' "new domain" e-mail, once per registration however often it is retried.</summary>
    private async Task MailOwnersAsync(MonitoredDomain registration, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(registration.AccountId, cancellationToken);
        if (account is { OwnerEmails.Count: > 0 })
        {
            var key = string.Join('|', "domain-added", registration.AccountId, registration.Domain, registration.Since.UtcTicks);
            await outbox.AddAsync(key, OnboardingMail.NewDomain(account.OwnerEmails, registration.Domain), cancellationToken);
            await outbox.DeliverAsync(key, cancellationToken);
        }
    }

    private async Task<DomainClaimResult> ClaimAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        var registration = new MonitoredDomain(name, accountId, null, time.GetUtcNow());
        if (!await domains.TryClaimAsync(registration, cancellationToken))
        {
            return new DomainClaimResult.TakenByAnotherAccount(name);
        }

        await unclaimed.MoveToAsync(name, accountId, cancellationToken);
        await MailOwnersAsync(registration, cancellationToken);

        return new DomainClaimResult.Added(name);
    }
}
