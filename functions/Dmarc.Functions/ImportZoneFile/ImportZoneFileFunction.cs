using System.Security.Claims;
using Dmarc.Core.Dns;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ImportZoneFile;

/// <summary>
/// POST /api/accounts/{accountId}/zones/{zone}/records:import with a BIND master file as the
/// body: every record set in it is written; a file with any error (syntax, a type accounts may
/// not write, a bad value) writes nothing.
/// </summary>
public static class ImportZoneFileFunction
{
    public const int MaxBytes = 4 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/accounts/{accountId}/zones/{zone}/records:import", async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> (
                string accountId, string zone, HttpRequest request, ClaimsPrincipal caller, IDnsProvider dns, TenantRecordService records, CancellationToken cancellationToken) =>
            {
                var (found, problem) = await AccountScope.ZoneAsync(caller, dns, accountId, zone, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                // The body limit (WithBodyLimit) counts bytes as they are read, chunked or not: a longer file is a 413 problem.
                using var reader = new StreamReader(request.Body);
                var result = await records.ImportAsync(found!, await reader.ReadToEndAsync(cancellationToken), cancellationToken);
                if (result.Errors is { } errors)
                {
                    return ApiProblems.Invalid(errors);
                }

                return result.Refusal is { } refusal ? ApiProblems.Refused(refusal) : TypedResults.Ok(result.Value!);
            })
            .Accepts<string>("text/plain", "text/dns")
            .WithBodyLimit(MaxBytes)
            .WithName("ImportZoneFile")
            .WithSummary("Import a BIND zone file")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(CallerClaims.CallerPolicy);
}
