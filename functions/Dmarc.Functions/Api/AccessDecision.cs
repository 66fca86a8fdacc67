using System.Security.Claims;
using Dmarc.Core.Onboarding;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Api;

/// <summary>Approving or declining an access request: only an owner of the request's account may.</summary>
public static class AccessDecision
{
    public static async Task<Results<Ok<AccessDecided>, ProblemHttpResult>> DecideAsync(
        string id, bool approve, ClaimsPrincipal caller, AccessRequestService access, CancellationToken cancellationToken)
    {
        var request = await access.GetAsync(id, cancellationToken);
        if (request is null || !caller.CanAccessAccount(request.AccountId))
        {
            return ApiProblems.NotFound("Access request", id);
        }

        if (AccountScope.DenyUnlessOwner(caller, request.AccountId) is { } notOwner)
        {
            return notOwner;
        }

        return await access.DecideAsync(request, approve, cancellationToken) switch
        {
            AccessResult.Approved a => TypedResults.Ok(new AccessDecided(a.Request.Id, a.Request.Status.ToString(), a.Request.RequesterEmail, "Member", a.ApiKey)),
            AccessResult.Declined d => TypedResults.Ok(new AccessDecided(d.Request.Id, d.Request.Status.ToString(), d.Request.RequesterEmail, null, null)),
            AccessResult.AlreadyDecided done => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already decided", detail: $"The request was already {done.Status.ToString().ToLowerInvariant()}."),
            _ => throw new InvalidOperationException("Unexpected decision result."),
        };
    }
}

/// <summary>The decision; on approval the new member's API key, shown once, for the owner to hand over.</summary>
public sealed record AccessDecided(string Id, string Status, string RequesterEmail, string? Role, string? ApiKey);
