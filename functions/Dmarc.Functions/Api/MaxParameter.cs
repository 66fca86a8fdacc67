using System.Globalization;
using Dmarc.Core.Validation;

namespace Dmarc.Functions.Api;

/// <summary>The <c>max</c> query parameter of the list endpoints: 1 to a limit, absent for the endpoint's default; anything else is refused, not clamped.</summary>
public static class MaxParameter
{
    public static RouteHandlerBuilder WithMaxParameter(this RouteHandlerBuilder endpoint, int limit)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.Request.Query.TryGetValue("max", out var value)
                    && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) && (max < 1 || max > limit)
                    ? ApiProblems.Invalid(ValidationErrors.Of("max", $"'max' must be 1 to {limit}; {max} is not."))
                    : await next(context))
            .ProducesValidationProblem();
    }
}
