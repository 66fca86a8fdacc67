using System.Security.Claims;
using Dmarc.Core.Accounts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.AddUser;

/// <summary>POST /api/accounts/{accountId}/users (an owner): adds an owner or member and returns their API key once.</summary>
public static class AddUserFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{accountId}/users", async Task<Results<Created<AddedUser>, ValidationProblem, ProblemHttpResult>> (
                string accountId, NewUser request, ClaimsPrincipal caller, AccountUsersService users, CancellationToken cancellationToken) =>
            {
                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } denied)
                {
                    return denied;
                }

                return await users.AddAsync(accountId, request.Email, request.Role, cancellationToken) switch
                {
                    UserChange.Added a => TypedResults.Created($"/api/accounts/{accountId}/users/{a.User.Email}", new AddedUser(a.User.Email, a.User.Role, a.ApiKey)),
                    UserChange.Exists => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "User exists", detail: $"{request.Email} already has access to this account."),
                    UserChange.Invalid i => ApiProblems.Invalid(i.Errors),
                    _ => throw new InvalidOperationException("Unexpected user change."),
                };
            })
            .WithName("AddUser")
            .WithSummary("Add an owner or member")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

public sealed record NewUser(string? Email, string? Role);

public sealed record AddedUser(string Email, AccountRole Role, string ApiKey);
