using Dmarc.Core.Onboarding;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.RequestAccess;

/// <summary>POST /api/access-requests (no key): asks the owners of the account that manages a domain to add the requester.</summary>
public static class RequestAccessFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/access-requests", async Task<Results<Accepted<AccessRequestAccepted>, ValidationProblem, ProblemHttpResult>> (
                NewAccessRequest request, AccessRequestService access, CancellationToken cancellationToken) =>
                await access.RequestAsync(request.Domain, request.RequesterEmail, request.Message, cancellationToken) switch
                {
                    AccessResult.Requested r => TypedResults.Accepted((string?)null, new AccessRequestAccepted(r.Request.Id, r.Request.Status.ToString(),
                        "The account's owners were asked by e-mail; you will get an e-mail when they decide.")),
                    AccessResult.NotManaged n => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Domain not managed",
                        detail: $"No account of this service manages {n.Domain}. You can sign up for it with POST /api/signup."),
                    AccessResult.Invalid i => ApiProblems.Invalid(i.Errors),
                    _ => throw new InvalidOperationException("Unexpected access request result."),
                })
            .WithName("RequestAccess")
            .AllowAnonymous();
}

public sealed record NewAccessRequest(string? Domain, string? RequesterEmail, string? Message);

public sealed record AccessRequestAccepted(string Id, string Status, string Next);
