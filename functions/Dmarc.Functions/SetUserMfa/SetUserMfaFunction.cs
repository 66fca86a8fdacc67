using System.Security.Claims;
using Dmarc.Core.Alerts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.SetUserMfa;

/// <summary>PUT /api/accounts/{accountId}/users/{email}/mfa (an owner, or the user themselves): the user's own MFA on or off; a change raises MFA change.</summary>
public static class SetUserMfaFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/accounts/{accountId}/users/{email}/mfa", async Task<Results<Ok<UserMfaResponse>, ValidationProblem, ProblemHttpResult>> (
                string accountId, string email, UserMfaRequest request, ClaimsPrincipal caller, AccountSecurityService security, CancellationToken cancellationToken) =>
            {
                var self = string.Equals(caller.FindFirstValue(ClaimTypes.Email), email, StringComparison.OrdinalIgnoreCase);
                if ((self ? AccountScope.Deny(caller, accountId) : AccountScope.DenyUnlessOwner(caller, accountId)) is { } denied)
                {
                    return denied;
                }

                return await security.SetUserMfaAsync(accountId, email, request.Enabled, caller.Actor(), cancellationToken) switch
                {
                    SecurityChange.UserDone d => TypedResults.Ok(new UserMfaResponse(d.Email, d.MfaEnabled)),
                    SecurityChange.Invalid i => ApiProblems.Invalid(i.Errors),
                    _ => ApiProblems.NotFound("User", email),
                };
            })
            .WithName("SetUserMfa")
            .WithSummary("Turn a user's own MFA on or off")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

public sealed record UserMfaRequest(bool? Enabled);

public sealed record UserMfaResponse(string Email, bool MfaEnabled);
