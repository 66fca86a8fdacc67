using Dmarc.Core.Accounts;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.CreateAccount;

/// <summary>POST /api/accounts (admin key): creates an account and returns its API key once.</summary>
public static class CreateAccountFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts", async Task<Results<Created<CreatedAccountResponse>, ValidationProblem>> (
                NewAccount request, AccountService accounts, CancellationToken cancellationToken) =>
            {
                var errors = request.Validate();
                if (!errors.IsEmpty)
                {
                    return ApiProblems.Invalid(errors);
                }

                var created = await accounts.CreateAsync(request, cancellationToken);
                return TypedResults.Created($"/api/accounts/{created.Account.Id}", CreatedAccountResponse.From(created));
            })
            .WithName("CreateAccount")
            .WithSummary("Create an account (admin key)")
            .RequireAuthorization(CallerClaims.AdminPolicy);
}

/// <summary>The new account and its API key; the key is never shown again.</summary>
public sealed record CreatedAccountResponse(string Id, string Name, IReadOnlyList<string> OwnerEmails, Edition Edition, DateTimeOffset CreatedAt, string ApiKey)
{
    public static CreatedAccountResponse From(CreatedAccount created)
    {
        ArgumentNullException.ThrowIfNull(created);
        var a = created.Account;
        return new(a.Id, a.Name, a.OwnerEmails, a.Edition, a.CreatedAt, created.ApiKey);
    }
}
