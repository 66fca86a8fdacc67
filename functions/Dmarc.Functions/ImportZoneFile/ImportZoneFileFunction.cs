using System.Security.Claims;
using Dmarc.Core.Dns;
using Dmarc.Core.Validation;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ImportZoneFile;

/// <summary>
/// POST /api/accounts/{accountId}/zones/{zone}/records:import with a BIND master file as the
/// body: every record set in it is written; a file with an error writes nothing.
/// </summary>
public static class ImportZoneFileFunction
{
    public const int MaxBytes = 4 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{accountId}/zones/{zone}/records:import", async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> (
                string accountId, string zone, HttpRequest request, ClaimsPrincipal caller, IDnsProvider dns, CancellationToken cancellationToken) =>
            {
                var (found, problem) = await AccountScope.ZoneAsync(caller, dns, accountId, zone, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                var text = await BoundedBody.ReadTextAsync(request, MaxBytes, cancellationToken);
                if (text is null)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Zone file too large", detail: $"Zone files up to {MaxBytes} bytes are accepted.");
                }

                IReadOnlyList<RecordSet> sets;
                try
                {
                    sets = ZoneFileParser.Parse(text, found!.Name);
                }
                catch (ZoneFileException ex)
                {
                    return ApiProblems.Invalid(ValidationErrors.Of("zoneFile", ex.Message));
                }

                foreach (var set in sets)
                {
                    await dns.UpsertRecordSetAsync(found.Name, set, cancellationToken);
                }

                return TypedResults.Ok(new ImportResult(found.Name, sets.Count, sets.Sum(s => s.Values.Count)));
            })
            .Accepts<string>("text/plain", "text/dns")
            .WithName("ImportZoneFile")
            .RequireAuthorization(CallerClaims.CallerPolicy);
}

public sealed record ImportResult(string Zone, int RecordSets, int Records);
