using Dmarc.Core.Onboarding;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ConfirmSignup;

/// <summary>
/// POST /api/signup/confirm (no key): the token of the welcome link claims the domain, activates the
/// account and returns the owner's API key once; 409 when another account claimed the domain meanwhile.
/// </summary>
public static class ConfirmSignupFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/signup/confirm", async Task<Results<Ok<SignupConfirmed>, ProblemHttpResult>> (
                ConfirmRequest request, SignupService signup, CancellationToken cancellationToken) =>
                await signup.ConfirmAsync(request.Token, cancellationToken) switch
                {
                    SignupResult.Confirmed c => TypedResults.Ok(new SignupConfirmed(c.Account.Id, c.Account.Status.ToString(), c.ApiKey)),
                    SignupResult.DomainTakenMeanwhile t => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Domain registered meanwhile",
                        detail: $"{t.Domain} was registered by another account after you signed up, so your account was not activated. " +
                                "Ask the person in your organisation who manages DMARC monitoring to add you, or request access with POST /api/access-requests."),
                    SignupResult.LinkRejected r => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The link cannot be used", detail: r.Reason),
                    _ => throw new InvalidOperationException("Unexpected confirmation result."),
                })
            .WithName("ConfirmSignup")
            .WithSummary("Confirm a sign-up link and get the owner's key")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AllowAnonymous();
}

public sealed record ConfirmRequest(string? Token);

public sealed record SignupConfirmed(string AccountId, string Status, string ApiKey);
