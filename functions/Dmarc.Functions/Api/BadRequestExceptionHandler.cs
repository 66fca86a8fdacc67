using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace Dmarc.Functions.Api;

/// <summary>
/// Unreadable requests (malformed JSON, wrong types, query values that do not parse, a missing
/// body) become a 400 problem that names the field and says what it must be, in the API's words:
/// never a .NET type name or the framework's wording. A body over its limit becomes a 413 problem,
/// even when body binding wrapped the server's error.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public const string Title = "The request could not be read.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        if (bad.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge)
        {
            bad = tooLarge;
        }

        var isTooLarge = bad.StatusCode == StatusCodes.Status413PayloadTooLarge;
        // The exception handler clears the endpoint before handlers run; the feature keeps it.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        var (field, message) = isTooLarge ? (null, bad.Message) : Describe(endpoint, bad);
        httpContext.Response.StatusCode = bad.StatusCode;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = isTooLarge ? "The request body is too large." : Title,
                Detail = message,
            },
        };
        if (field is not null)
        {
            context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        }

        return await problems.TryWriteAsync(context);
    }

    /// <summary>The field at fault (null for the request as a whole) and what is wrong with it.</summary>
    internal static (string? Field, string Message) Describe(Endpoint? endpoint, BadHttpRequestException bad)
    {
        ArgumentNullException.ThrowIfNull(bad);
        if (bad.InnerException is JsonException json)
        {
            return DescribeJson(endpoint, json);
        }

        if (BindFailed().Match(bad.Message) is { Success: true } bind)
        {
            var name = bind.Groups["name"].Value;
            var type = ParameterType(endpoint, name);
            return (name, type is null
                ? $"'{bind.Groups["value"].Value}' is not a valid value for '{name}'."
                : $"'{bind.Groups["value"].Value}' is not a valid value for '{name}': it must be {Expected(type)}.");
        }

        if (Required().Match(bad.Message) is { Success: true } required)
        {
            return required.Groups["source"].Value == "body"
                ? ("body", "The request needs a JSON object as its body.")
                : (required.Groups["name"].Value, $"'{required.Groups["name"].Value}' is required.");
        }

        if (bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
        {
            return ("body", "The request needs a JSON object as its body; none was sent.");
        }

        if (MediaType().Match(bad.Message) is { Success: true } media)
        {
            return (null, $"The body must be sent as JSON with 'Content-Type: application/json'; it came as '{media.Groups["type"].Value}'.");
        }

        return (null, bad.StatusCode == StatusCodes.Status415UnsupportedMediaType
            ? "The body must be sent as JSON with 'Content-Type: application/json'."
            : "The request is not in the form this endpoint reads; see /api/openapi.json.");
    }

    private static (string? Field, string Message) DescribeJson(Endpoint? endpoint, JsonException json)
    {
        var position = json.LineNumber is { } line ? $" (line {line + 1}, position {(json.BytePositionInLine ?? 0) + 1})" : "";

        // Syntax errors come from the reader; type mismatches from the serializer, with a path into the body.
        if (json.InnerException?.GetType().Name == "JsonReaderException")
        {
            return ("body", $"The body is not valid JSON{position}.");
        }

        var field = FieldOf(json.Path);
        if (field is null)
        {
            return ("body", $"The body must be a JSON object{position}.");
        }

        var type = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } body ? TypeAt(body, json.Path!) : null;
        return (field, type is null ? $"'{field}' has a value of the wrong type." : $"'{field}' must be {Expected(type)}.");
    }

    /// <summary>"$.ownerEmails[0]" as "ownerEmails[0]"; null for the body itself.</summary>
    private static string? FieldOf(string? path) =>
        path is null or "$" || !path.StartsWith("$.", StringComparison.Ordinal) ? null : path[2..];

    /// <summary>The declared type at a JSON path such as $.a.b[0], following properties by their JSON names.</summary>
    private static Type? TypeAt(Type root, string path)
    {
        var type = root;
        foreach (Match step in PathStep().Matches(path))
        {
            if (step.Groups["index"].Success)
            {
                type = ElementType(type);
            }
            else
            {
                var name = step.Groups["name"].Value;
                type = type?.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            }

            if (type is null)
            {
                return null;
            }
        }

        return type;
    }

    private static Type? ParameterType(Endpoint? endpoint, string name) =>
        endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters().FirstOrDefault(p => p.Name == name)?.ParameterType;

    private static Type? ElementType(Type? type) =>
        type is null || type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>What a value of the type looks like, in the API's words.</summary>
    internal static string Expected(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "text (a JSON string)",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time such as 2024-05-01T00:00:00Z",
            _ when type == typeof(DateOnly) => "a date such as 2024-05-01",
            _ when type == typeof(Guid) => "a GUID",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ when ElementType(type) is { } element => $"a list of {Plural(Expected(element))}",
            _ => "a JSON object",
        };
    }

    private static string Plural(string expected) => expected switch
    {
        "text (a JSON string)" => "strings",
        _ => "values that are each " + expected,
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailed();

    [GeneratedRegex("""^Required parameter "(?:(?<type>.+) )?(?<name>[^ "]+)" was not provided from (?<source>[a-z ]+)\.$""")]
    private static partial Regex Required();

    [GeneratedRegex("""^Expected a supported JSON media type but got "(?<type>.*)"\.$""")]
    private static partial Regex MediaType();

    [GeneratedRegex("""\.(?<name>[^.\[\]]+)|\[(?<index>\d+)\]""")]
    private static partial Regex PathStep();
}
