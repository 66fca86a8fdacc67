using Dmarc.Core.Onboarding;
using Dmarc.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Api;

/// <summary>The HTTP answers to adding a domain and verifying its challenge.</summary>
public static class DomainClaimResponses
{
    public static Results<Created, Ok, Accepted<DomainChallengeResponse>, ValidationProblem, ProblemHttpResult> Map(string accountId, DomainClaimResult result) => result switch
    {
        DomainClaimResult.Added a => TypedResults.Created($"/api/accounts/{accountId}/domains/{a.Domain}"),
        DomainClaimResult.AlreadyAdded => TypedResults.Ok(),
        DomainClaimResult.TakenByAnotherAccount t => SignUp.SignUpFunction.DomainTaken(t.Domain),
        DomainClaimResult.ChallengeIssued c => TypedResults.Accepted(VerifyPath(accountId, c.Challenge.Domain), DomainChallengeResponse.From(accountId, c.Challenge)),
        DomainClaimResult.NoChallenge n => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No open challenge",
            detail: $"There is no open challenge for {n.Domain}. Ask for one with POST /api/accounts/{accountId}/domains {{\"domain\": \"{n.Domain}\"}}."),
        DomainClaimResult.ChallengeExpired e => TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "Challenge expired",
            detail: $"The challenge for {e.Domain} expired. Ask for a new one with POST /api/accounts/{accountId}/domains {{\"domain\": \"{e.Domain}\"}}."),
        DomainClaimResult.NotProven p => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Challenge not found in DNS",
            detail: $"No TXT record at {p.Challenge.RecordName} holds the challenge value yet. Publish TXT \"{p.Challenge.Value}\" there, " +
                    "wait for DNS to serve it, and verify again."),
        DomainClaimResult.Invalid i => ApiProblems.Invalid(ValidationErrors.Of("domain", $"'{i.Domain}' is not a domain name.")),
        _ => throw new InvalidOperationException("Unexpected domain claim result."),
    };

    private static string VerifyPath(string accountId, string domain) => $"/api/accounts/{accountId}/domains/{domain}:verify";

    /// <summary>What to publish, and where to confirm it.</summary>
    public sealed record DomainChallengeResponse(string Domain, string RecordName, string RecordType, string Value, DateTimeOffset ExpiresAt, string Verify)
    {
        public static DomainChallengeResponse From(string accountId, DomainChallenge challenge) =>
            new(challenge.Domain, challenge.RecordName, "TXT", challenge.Value, challenge.ExpiresAt, "POST " + VerifyPath(accountId, challenge.Domain));
    }
}
