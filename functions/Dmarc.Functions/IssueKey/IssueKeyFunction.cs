using System.Security.Claims;
using Dmarc.Core.Accounts;
using Dmarc.Core.Validation;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.IssueKey;

/// <summary>POST /api/accounts/{accountId}/keys (an owner): a new key for a user of the account (the caller when no address is given), shown once.</summary>
public static class IssueKeyFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{accountId}/keys", async Task<Results<Created<IssuedKey>, ValidationProblem, ProblemHttpResult>> (
                string accountId, NewKey request, ClaimsPrincipal caller, AccountKeysService keys, CancellationToken cancellationToken) =>
            {
                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } denied)
                {
                    return denied;
                }

                var email = request.Email ?? caller.FindFirstValue(ClaimTypes.Email) ?? "";
                if (!EmailAddress.IsValid(email.Trim()))
                {
                    var errors = new ValidationErrors();
                    errors.Add("email", $"'{email}' is not a valid e-mail address.");
                    return ApiProblems.Invalid(errors);
                }

                return KeyAnswers.Issued(accountId, await keys.IssueAsync(accountId, email, cancellationToken));
            })
            .WithName("IssueKey")
            .WithSummary("Issue an API key for a user")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

/// <summary>The user to issue a key for; the caller when left out.</summary>
public sealed record NewKey(string? Email = null);

/// <summary>A key as issued: its id, user and role, and the key itself (shown only here).</summary>
public sealed record IssuedKey(string Id, string Email, AccountRole Role, string ApiKey);

/// <summary>The HTTP answers to key changes.</summary>
internal static class KeyAnswers
{
    public static Results<Created<IssuedKey>, ValidationProblem, ProblemHttpResult> Issued(string accountId, KeyChange change) => change switch
    {
        KeyChange.Issued i => TypedResults.Created($"/api/accounts/{accountId}/keys/{i.Key.Id}", new IssuedKey(i.Key.Id, i.Key.Email, i.Key.Role, i.ApiKey)),
        KeyChange.NotFound n => ApiProblems.NotFound(n.What, n.Id),
        _ => throw new InvalidOperationException("Unexpected key change."),
    };
}
