using System.Security.Claims;
using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Senders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Api;

/// <summary>What the senders endpoints share: the domain's account and the caller's right to it, and the window.</summary>
public static class DomainSendersScope
{
    /// <summary>
    /// The normalised domain when the caller may see (or, with <paramref name="change"/>, change) the
    /// account it routes to; 404 for a domain nobody monitors or another account monitors, 403 for
    /// the admin key and, for changes, for members.
    /// </summary>
    public static async Task<(string? Domain, ProblemHttpResult? Problem)> DomainAsync(
        ClaimsPrincipal caller, IMonitoredDomains monitored, string domain, bool change, CancellationToken cancellationToken)
    {
        var name = DnsNames.Normalize(domain);
        var owner = name is null ? null : await monitored.GetAsync(name, cancellationToken);
        if (owner is null || (!caller.IsAdmin() && !caller.CanAccessAccount(owner.AccountId)))
        {
            return (null, caller.IsAdmin() ? AccountScope.AdminNotAllowed() : ApiProblems.NotFound("Domain", domain));
        }

        var denied = change ? AccountScope.DenyUnlessOwner(caller, owner.AccountId) : AccountScope.Deny(caller, owner.AccountId);
        return denied is null ? (name, null) : (null, denied);
    }

    /// <summary>A 400 naming <c>days</c> unless it is 1..366.</summary>
    public static ValidationProblem? InvalidDays(int? days) => DaysParameter.Invalid(days, DomainSendersService.MaxDays);

    /// <summary>Approve or deny, mapped to 200, 404 or 409 with the reason.</summary>
    public static async Task<Results<Ok<SenderSummary>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        ClaimsPrincipal caller, IMonitoredDomains monitored, DomainSendersService senders, string domain, string senderId, int? days, DateOnly? to,
        bool? dryRun, SenderDecision decision, CancellationToken cancellationToken)
    {
        if (InvalidDays(days) is { } invalid)
        {
            return invalid;
        }

        var (name, problem) = await DomainAsync(caller, monitored, domain, change: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var accountId = (await monitored.GetAsync(name!, cancellationToken))!.AccountId;
        return await senders.DecideAsync(accountId, name!, senderId, decision, caller.Actor(), days ?? DomainSendersService.DefaultDays, to, dryRun ?? false, cancellationToken) switch
        {
            SenderDecisionResult.Decided decided => TypedResults.Ok(decided.Sender),
            SenderDecisionResult.Refused refused => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: refused.Title, detail: refused.Detail),
            _ => ApiProblems.NotFound("Sender", senderId),
        };
    }
}
