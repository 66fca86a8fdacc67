using System.Security.Claims;
using Dmarc.Core.Dns;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.PutRecordSet;

/// <summary>
/// PUT /api/accounts/{accountId}/zones/{zone}/records/{name}/{type}: creates or replaces one
/// record set of a type accounts may write (<see cref="TenantRecordPolicy"/>), with its values checked.
/// </summary>
public static class PutRecordSetFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/accounts/{accountId}/zones/{zone}/records/{name}/{type}", async Task<Results<Ok<RecordSet>, ValidationProblem, ProblemHttpResult>> (
                string accountId, string zone, string name, string type, RecordSetBody body, ClaimsPrincipal caller, IDnsProvider dns, TenantRecordService records, CancellationToken cancellationToken) =>
            {
                var (found, problem) = await AccountScope.ZoneAsync(caller, dns, accountId, zone, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                var result = await records.PutAsync(found!, body.ToRecordSet(found!.Name, name, type), cancellationToken);
                if (result.Errors is { } errors)
                {
                    return ApiProblems.Invalid(errors);
                }

                return result.Refusal is { } refusal ? ApiProblems.Refused(refusal) : TypedResults.Ok(result.Value!);
            })
            .WithName("PutRecordSet")
            .WithSummary("Create or replace a record set")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

/// <summary>The record set's TTL, values (TXT as plain text, host names absolute) and optional pool.</summary>
public sealed record RecordSetBody(IReadOnlyList<string>? Values, int? Ttl = null, string? Pool = null)
{
    /// <summary>The set as asked for: '@' is the apex, names without the zone are relative to it; the policy checks the rest.</summary>
    public RecordSet ToRecordSet(string zone, string name, string type)
    {
        ArgumentNullException.ThrowIfNull(name);
        var full = name == "@" ? zone : name.EndsWith('.') || name.EndsWith(zone, StringComparison.OrdinalIgnoreCase) ? name : $"{name}.{zone}";
        return new RecordSet(
            DnsNames.Normalize(full) ?? name,
            type,
            Ttl ?? RecordSet.DefaultTtl,
            Values ?? [],
            string.IsNullOrWhiteSpace(Pool) ? null : Pool);
    }
}
