using System.Security.Claims;
using Dmarc.Core.Dns;
using Dmarc.Core.Validation;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.CreateZone;

/// <summary>
/// POST /api/accounts/{accountId}/zones: adds a zone (name, kind, dnssec) to the account; 400 for a
/// public suffix, 403 for the service's reporting zone, 409 when it exists or nests with another account's zone.
/// </summary>
public static class CreateZoneFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{accountId}/zones", async Task<Results<Created<DnsZone>, ValidationProblem, ProblemHttpResult>> (
                string accountId, NewZone request, ClaimsPrincipal caller, TenantZoneService zones, CancellationToken cancellationToken) =>
            {
                if (AccountScope.DenyUnlessOwner(caller, accountId) is { } denied)
                {
                    return denied;
                }

                var errors = request.Validate(out var zone);
                var result = errors.IsEmpty ? await zones.CreateAsync(accountId, zone!, cancellationToken) : TenantDnsResult.Invalid<DnsZone>(errors);
                if (result.Errors is { } invalid)
                {
                    return ApiProblems.Invalid(invalid);
                }

                return result.Refusal is { } refusal
                    ? ApiProblems.Refused(refusal)
                    : TypedResults.Created($"/api/accounts/{accountId}/zones/{zone!.Name}", zone);
            })
            .WithName("CreateZone")
            .WithSummary("Add a zone to the account")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

/// <summary>A zone to create; kind Primary/Secondary/Alias and dnssec NotSigned/PlatformSigned/Presigned default to a plain primary.</summary>
public sealed record NewZone(string? Name, ZoneKind? Kind = null, DnssecState? Dnssec = null)
{
    public ValidationErrors Validate(out DnsZone? zone)
    {
        var errors = new ValidationErrors();
        var name = DnsNames.Normalize(Name);
        if (name is null || !name.Contains('.', StringComparison.Ordinal))
        {
            errors.Add("name", $"'{Name}' is not a domain name.");
        }

        zone = errors.IsEmpty ? new DnsZone(name!, Kind ?? ZoneKind.Primary, Dnssec ?? DnssecState.NotSigned) : null;
        return errors;
    }
}
