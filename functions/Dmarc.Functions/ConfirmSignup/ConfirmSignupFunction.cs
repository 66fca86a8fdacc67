using Dmarc.Core.Onboarding;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ConfirmSignup;

/// <summary>POST /api/signup/confirm (no key): the token of the welcome link activates the account and returns the owner's API key once.</summary>
public static class ConfirmSignupFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/signup/confirm", async Task<Results<Ok<SignupConfirmed>, ProblemHttpResult>> (
                ConfirmRequest request, SignupService signup, CancellationToken cancellationToken) =>
                await signup.ConfirmAsync(request.Token, cancellationToken) switch
                {
                    SignupResult.Confirmed c => TypedResults.Ok(new SignupConfirmed(c.Account.Id, c.Account.Status.ToString(), c.ApiKey)),
                    SignupResult.LinkRejected r => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The link cannot be used", detail: r.Reason),
                    _ => throw new InvalidOperationException("Unexpected confirmation result."),
                })
            .WithName("ConfirmSignup")
            .AllowAnonymous();
}

public sealed record ConfirmRequest(string? Token);

public sealed record SignupConfirmed(string AccountId, string Status, string ApiKey);
