using Dmarc.Core.Onboarding;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.SignUp;

/// <summary>
/// POST /api/signup (no key): a business address and the organisation's domain. 202 with a
/// pending account (the welcome e-mail holds the activation link), 400 with what to fix, or 409
/// when another account of this service already manages the domain.
/// </summary>
public static class SignUpFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/signup", async Task<Results<Accepted<SignupAccepted>, ValidationProblem, ProblemHttpResult>> (
                SignupRequest request, SignupService signup, CancellationToken cancellationToken) =>
                await signup.SignUpAsync(request.Email, request.Domain, cancellationToken) switch
                {
                    SignupResult.Started s => TypedResults.Accepted((string?)null, new SignupAccepted(s.Account.Id, s.Account.Status.ToString(),
                        $"Check {request.Email?.Trim()} for \"{OnboardingMail.WelcomeSubject}\" and open its link to activate the account.")),
                    SignupResult.DomainTaken t => DomainTaken(t.Domain),
                    SignupResult.Invalid i => ApiProblems.Invalid(i.Errors),
                    _ => throw new InvalidOperationException("Unexpected sign-up result."),
                })
            .WithName("SignUp")
            .WithSummary("Sign up with a business address and domain")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AllowAnonymous();

    /// <summary>Says what happened and what to do, without naming the other account or its owners.</summary>
    public static ProblemHttpResult DomainTaken(string domain) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Domain already registered",
        detail: $"{domain} is already managed by another account of this DMARC monitoring service. " +
                "This has nothing to do with your DNS provider's configuration: your DNS records were not changed. " +
                "Ask the person in your organisation who manages DMARC monitoring to add you, or request access with " +
                "POST /api/access-requests {\"domain\", \"requesterEmail\", \"message\"}; the account's owners will be asked to approve it.");
}

public sealed record SignupRequest(string? Email, string? Domain);

public sealed record SignupAccepted(string AccountId, string Status, string Next);
