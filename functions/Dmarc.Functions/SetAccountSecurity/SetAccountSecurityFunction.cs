using System.Security.Claims;
using Dmarc.Core.Alerts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.SetAccountSecurity;

/// <summary>PUT /api/accounts/{accountId}/security (an owner): MFA required or not, and the SSO provider (none: null or "none"); a change raises MFA change / SSO change.</summary>
public static class SetAccountSecurityFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/accounts/{accountId}/security", async Task<Results<Ok<AccountSecurityResponse>, ValidationProblem, ProblemHttpResult>> (
                string accountId, AccountSecurityRequest request, ClaimsPrincipal caller, AccountSecurityService security, CancellationToken cancellationToken) =>
            {
                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } denied)
                {
                    return denied;
                }

                return await security.SetAsync(accountId, request.MfaRequired, request.SsoProvider, caller.Actor(), cancellationToken) switch
                {
                    SecurityChange.Done d => TypedResults.Ok(new AccountSecurityResponse(d.Security.MfaRequired, d.Security.SsoProvider ?? "none")),
                    SecurityChange.Invalid i => ApiProblems.Invalid(i.Errors),
                    _ => ApiProblems.NotFound("Account", accountId),
                };
            })
            .WithName("SetAccountSecurity")
            .WithSummary("Set the account's MFA requirement and SSO provider")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

public sealed record AccountSecurityRequest(bool? MfaRequired, string? SsoProvider = null);

public sealed record AccountSecurityResponse(bool MfaRequired, string SsoProvider);
