using Dmarc.Core.Dns;
using Dmarc.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.Api;

/// <summary>The RFC 9457 problem responses every endpoint shares.</summary>
public static class ApiProblems
{
    public static ValidationProblem Invalid(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return TypedResults.ValidationProblem(
            errors.ToDictionary(), title: "The request is not valid.", detail: "See 'errors' for what to fix in each field.");
    }

    /// <summary>A value as an error quotes it: no longer than a domain name can be, so a 10,000-character input is not echoed whole.</summary>
    public static string Shown(string? value) =>
        value is null ? "" : value.Length <= DnsNames.MaxNameLength ? value : value[..DnsNames.MaxNameLength] + "…";

    /// <summary>The field error for a value that is not a domain name, quoted as <see cref="Shown"/> quotes it.</summary>
    public static string NotADomain(string? value) => $"'{Shown(value)}' is not a domain name.";

    /// <summary>Not found, also used for resources of another account so that they cannot be probed.</summary>
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"No {what.ToLowerInvariant()} '{id}' is visible to this caller.");

    /// <summary>403 for names that belong to the service, 409 for names that are taken.</summary>
    public static ProblemHttpResult Refused(DnsRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return TypedResults.Problem(
            statusCode: refusal.Kind == DnsRefusalKind.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict,
            title: refusal.Title,
            detail: refusal.Detail);
    }
}
