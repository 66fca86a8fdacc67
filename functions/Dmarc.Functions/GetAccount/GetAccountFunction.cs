using System.Security.Claims;
using Dmarc.Core.Accounts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.GetAccount;

/// <summary>GET /api/accounts/{accountId}: the caller's own account; any other answers 404.</summary>
public static class GetAccountFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/accounts/{accountId}", async Task<Results<Ok<Account>, ProblemHttpResult>> (
                string accountId, ClaimsPrincipal caller, AccountService accounts, CancellationToken cancellationToken) =>
            {
                var account = caller.CanReadAccount(accountId)
                    ? await accounts.GetAsync(accountId, cancellationToken)
                    : null;
                return account is null ? ApiProblems.NotFound("Account", accountId) : TypedResults.Ok(account);
            })
            .WithName("GetAccount")
            .WithSummary("Read an account")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
