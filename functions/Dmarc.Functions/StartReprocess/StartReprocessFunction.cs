using Dmarc.Core.Dns;
using Dmarc.Core.Reports.Reprocessing;
using Dmarc.Core.Validation;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.StartReprocess;

/// <summary>The optional range of a reprocess run: report days, a domain, an account, and whether to write.</summary>
public sealed record ReprocessRequest(DateOnly? From = null, DateOnly? To = null, string? Domain = null, string? Account = null, bool? DryRun = null);

/// <summary>The 202 body of a started reprocess run.</summary>
public sealed record ReprocessAccepted(string TaskId, string StatusUrl, ReprocessScope Scope);

/// <summary>
/// POST /api/operator/reprocess (administrators): re-derives report rows, contributions, sender
/// classifications and rollups from the archived documents in the range, as a task read at
/// GET /api/tasks/{taskId}. (Not under /api/admin: the Functions host keeps routes starting with "admin".)
/// </summary>
public static class StartReprocessFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/operator/reprocess", async Task<Results<Accepted<ReprocessAccepted>, ValidationProblem>> (
                ReprocessRequest? request, ReprocessService reprocess, CancellationToken cancellationToken) =>
            {
                var (scope, errors) = Scope(request ?? new ReprocessRequest());
                if (scope is null)
                {
                    return ApiProblems.Invalid(errors);
                }

                var task = await reprocess.StartAsync(scope, cancellationToken);
                return TypedResults.Accepted($"/api/tasks/{task.Id}", new ReprocessAccepted(task.Id, $"/api/tasks/{task.Id}", task.Scope));
            })
            .WithName("StartReprocess")
            .WithSummary("Re-derive reports, contributions, classifications and rollups from the archive (admin key)")
            .RequireAuthorization(CallerClaims.AdminPolicy);

    private static (ReprocessScope? Scope, ValidationErrors Errors) Scope(ReprocessRequest request)
    {
        var errors = new ValidationErrors();
        if (request.From is { } from && request.To is { } to && from > to)
        {
            errors.Add("from", $"from ({from:yyyy-MM-dd}) is after to ({to:yyyy-MM-dd}).");
        }

        string? domain = null;
        if (request.Domain is not null && (domain = DnsNames.Normalize(request.Domain)) is null)
        {
            errors.Add("domain", ApiProblems.NotADomain(request.Domain));
        }

        if (request.Account is { } account && string.IsNullOrWhiteSpace(account))
        {
            errors.Add("account", "account is empty; leave it out to reprocess every account.");
        }

        return errors.IsEmpty
            ? (new ReprocessScope(request.From, request.To, domain, request.Account, request.DryRun ?? false), errors)
            : (null, errors);
    }
}
