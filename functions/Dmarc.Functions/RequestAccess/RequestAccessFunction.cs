using System.Globalization;
using Dmarc.Core.Onboarding;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.RequestAccess;

/// <summary>
/// POST /api/access-requests (no key): asks to join the account that manages a domain. The
/// requester is e-mailed a confirmation link first; 429 with Retry-After past the daily limits.
/// </summary>
public static class RequestAccessFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/access-requests", async Task<Results<Accepted<AccessRequestAccepted>, ValidationProblem, ProblemHttpResult>> (
                NewAccessRequest request, AccessRequestService access, HttpResponse response, CancellationToken cancellationToken) =>
                await access.RequestAsync(request.Domain, request.RequesterEmail, request.Message, cancellationToken) switch
                {
                    AccessResult.Requested r => TypedResults.Accepted((string?)null, new AccessRequestAccepted(r.Request.Id, r.Request.Status.ToString(),
                        $"Check {r.Request.RequesterEmail} for \"{OnboardingMail.AccessConfirmSubject}\" and open its link; only then are the account's owners asked.")),
                    AccessResult.NotManaged n => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Domain not managed",
                        detail: $"No account of this service manages {n.Domain}. You can sign up for it with POST /api/signup."),
                    AccessResult.RateLimited l => TooMany(response, l),
                    AccessResult.Invalid i => ApiProblems.Invalid(i.Errors),
                    _ => throw new InvalidOperationException("Unexpected access request result."),
                })
            .WithName("RequestAccess")
            .WithSummary("Ask to join the account that manages a domain")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AllowAnonymous();

    private static ProblemHttpResult TooMany(HttpResponse response, AccessResult.RateLimited limited)
    {
        var seconds = (int)Math.Ceiling(limited.RetryAfter.TotalSeconds);
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many access requests",
            detail: $"{limited.Reason} Try again in {seconds} seconds.");
    }
}

public sealed record NewAccessRequest(string? Domain, string? RequesterEmail, string? Message = null);

public sealed record AccessRequestAccepted(string Id, string Status, string Next);
