using System.Globalization;
using System.Security.Claims;
using Dmarc.Core.Audit;

namespace Dmarc.Functions.Api;

/// <summary>
/// Writes every change an authenticated caller makes (POST, PUT, PATCH, DELETE) and every call of
/// the admin key, reads included, to the activity log: first as started, before the endpoint runs
/// (if the log cannot be written, nothing happens), then with the answer's status code.
/// </summary>
public sealed class ActivityAuditFilter(ActivityRecorder activity) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var caller = http.User;
        if (caller.Identity?.IsAuthenticated != true || (!caller.IsAdmin() && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))))
        {
            return await next(context);
        }

        var action = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "Unnamed";
        var accountId = http.Request.RouteValues.TryGetValue("accountId", out var routeAccount) && routeAccount is string id
            ? id
            : caller.FindFirstValue(CallerClaims.AccountId);
        var target = $"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}";
        var entry = await activity.StartAsync(accountId, caller.Actor(), action, target, http.RequestAborted);
        try
        {
            var result = await next(context);
            await activity.CompleteAsync(entry, StatusOf(result, http).ToString(CultureInfo.InvariantCulture), CancellationToken.None);
            return result;
        }
        catch (Exception ex)
        {
            await activity.CompleteAsync(entry, "Failed: " + ex.GetType().Name, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The answer's status: typed results nest the real result inside <c>Results&lt;...&gt;</c>.</summary>
    private static int StatusOf(object? result, HttpContext http)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result is IStatusCodeHttpResult { StatusCode: { } code } ? code : http.Response.StatusCode;
    }
}
