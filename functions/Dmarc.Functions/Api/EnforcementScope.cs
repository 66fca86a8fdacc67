using System.Security.Claims;
using Dmarc.Core.Enforcement;
using Dmarc.Core.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Api;

/// <summary>What the enforcement endpoints share: the domain's account, the caller's right to it, and the answers.</summary>
public static class EnforcementScope
{
    /// <summary>The domain and its account when the caller may see (or, with <paramref name="change"/>, change) it; the problem otherwise.</summary>
    public static async Task<(string? Domain, string? AccountId, ProblemHttpResult? Problem)> ResolveAsync(
        ClaimsPrincipal caller, IMonitoredDomains monitored, string domain, bool change, CancellationToken cancellationToken)
    {
        var (name, problem) = await DomainSendersScope.DomainAsync(caller, monitored, domain, change, cancellationToken);
        return problem is not null ? (null, null, problem) : (name, (await monitored.GetAsync(name!, cancellationToken))!.AccountId, null);
    }

    /// <summary>200 with the view, 404, or 409 with the reason.</summary>
    public static Results<Ok<EnforcementView>, ProblemHttpResult> Answer(PlanOutcome outcome, string domain) =>
        outcome is PlanOutcome.Done done ? TypedResults.Ok(done.View) : Problem(outcome, domain);

    /// <summary>409 with the reason of a refusal, 404 otherwise.</summary>
    public static ProblemHttpResult Problem(PlanOutcome outcome, string domain) => outcome is PlanOutcome.Refused refused
        ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Enforcement not changed", detail: refused.Reason)
        : ApiProblems.NotFound("Enforcement plan", domain);
}
