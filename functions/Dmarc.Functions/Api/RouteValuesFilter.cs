using Dmarc.Core.Dns;
using Dmarc.Core.Validation;

namespace Dmarc.Functions.Api;

/// <summary>
/// Refuses a path whose {domain} or {zone} is not a domain name, or whose {email} is not an
/// address, with 400 and the parameter at fault, before the endpoint reads anything: a name that
/// cannot exist is bad input, not a resource that is not found.
/// </summary>
public sealed class RouteValuesFilter : IEndpointFilter
{
    /// <summary>The route parameters this filter checks.</summary>
    public static readonly IReadOnlySet<string> Checked = new HashSet<string>(StringComparer.Ordinal) { "domain", "zone", "email" };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var errors = new ValidationErrors();
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            var text = value as string;
            if (name is "domain" or "zone" && !DnsNames.IsDomain(text))
            {
                errors.Add(name, ApiProblems.NotADomain(text));
            }
            else if (name is "email" && !EmailAddress.IsValid(text))
            {
                errors.Add(name, $"'{ApiProblems.Shown(text)}' is not an e-mail address.");
            }
        }

        return errors.IsEmpty ? await next(context) : ApiProblems.Invalid(errors);
    }
}
