using System.Security.Claims;
using Dmarc.Core.Onboarding;
using Dmarc.Core.Validation;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.AddDomain;

/// <summary>POST /api/accounts/{accountId}/domains (an owner): registers a domain for the account and e-mails "New Domain Added".</summary>
public static class AddDomainFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{accountId}/domains", async Task<Results<Created, Ok, ValidationProblem, ProblemHttpResult>> (
                string accountId, NewDomain request, ClaimsPrincipal caller, AccountDomainsService domains, CancellationToken cancellationToken) =>
            {
                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } denied)
                {
                    return denied;
                }

                return await domains.AddAsync(accountId, request.Domain, cancellationToken) switch
                {
                    DomainChange.Added => TypedResults.Created($"/api/accounts/{accountId}/domains/{request.Domain!.Trim().ToLowerInvariant()}"),
                    DomainChange.AlreadyAdded => TypedResults.Ok(),
                    DomainChange.TakenByAnotherAccount => SignUp.SignUpFunction.DomainTaken(request.Domain!.Trim().ToLowerInvariant()),
                    _ => ApiProblems.Invalid(ValidationErrors.Of("domain", $"'{request.Domain}' is not a domain name.")),
                };
            })
            .WithName("AddDomain")
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

public sealed record NewDomain(string? Domain);
