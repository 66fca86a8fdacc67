using System.Security.Claims;
using Dmarc.Core.Dns;
using Dmarc.Core.Validation;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.PutRecordSet;

/// <summary>PUT /api/accounts/{accountId}/zones/{zone}/records/{name}/{type}: creates or replaces one record set.</summary>
public static class PutRecordSetFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPut("/accounts/{accountId}/zones/{zone}/records/{name}/{type}", async Task<Results<Ok<RecordSet>, ValidationProblem, ProblemHttpResult>> (
                string accountId, string zone, string name, string type, RecordSetBody body, ClaimsPrincipal caller, IDnsProvider dns, CancellationToken cancellationToken) =>
            {
                var (found, problem) = await AccountScope.ZoneAsync(caller, dns, accountId, zone, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                var errors = body.Validate(found!.Name, name, type, out var set);
                if (!errors.IsEmpty)
                {
                    return ApiProblems.Invalid(errors);
                }

                await dns.UpsertRecordSetAsync(found.Name, set!, cancellationToken);
                return TypedResults.Ok(set!);
            })
            .WithName("PutRecordSet")
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

/// <summary>The record set's TTL, values (TXT as plain text) and optional pool.</summary>
public sealed record RecordSetBody(int? Ttl, IReadOnlyList<string>? Values, string? Pool)
{
    public ValidationErrors Validate(string zone, string name, string type, out RecordSet? set)
    {
        var errors = new ValidationErrors();
        var owner = DnsNames.Normalize(name == "@" ? zone : name.EndsWith('.') || name.EndsWith(zone, StringComparison.OrdinalIgnoreCase) ? name : $"{name}.{zone}");
        if (owner is null || !DnsNames.IsAtOrBelow(owner, zone))
        {
            errors.Add("name", $"'{name}' is not a name in the zone {zone}.");
        }

        if (type.Length is 0 or > 10 || !type.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("type", $"'{type}' is not a record type.");
        }

        if (Ttl is < 0 or > 604800)
        {
            errors.Add("ttl", "The TTL must be between 0 and 604800 seconds.");
        }

        if (Values is null || Values.Count == 0 || Values.Any(string.IsNullOrEmpty))
        {
            errors.Add("values", "At least one non-empty value is required.");
        }

        set = errors.IsEmpty ? new RecordSet(owner!, type.ToUpperInvariant(), Ttl ?? RecordSet.DefaultTtl, Values!, string.IsNullOrWhiteSpace(Pool) ? null : Pool) : null;
        return errors;
    }
}
