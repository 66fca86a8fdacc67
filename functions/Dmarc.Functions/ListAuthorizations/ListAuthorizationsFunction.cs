using Dmarc.Core.Dns;
using Dmarc.Core.Monitoring;
using Dmarc.Core.Validation;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ListAuthorizations;

/// <summary>
/// GET /api/reporting/authorizations?domain= (administrators): whether the service's reporting
/// zone holds the RFC 7489 §7.1 authorisation record for the domain, with its name and value.
/// </summary>
public static class ListAuthorizationsFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/reporting/authorizations", async Task<Results<Ok<ReportingAuthorization>, ValidationProblem>> (
                string? domain, ReportingZone reporting, CancellationToken cancellationToken) =>
                DnsNames.Normalize(domain) is { } name && DnsNames.IsDomain(name)
                    ? TypedResults.Ok(await reporting.GetAuthorizationAsync(name, cancellationToken))
                    : ApiProblems.Invalid(ValidationErrors.Of("domain", $"'{domain}' is not a domain name.")))
            .WithName("ListAuthorizations")
            .WithSummary("Read a domain's reporting authorisation (admin key)")
            .RequireAuthorization(CallerClaims.AdminPolicy);
}
