using System.Text;
using Dmarc.Core.Ingestion;
using Dmarc.Functions.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.ReceiveMail;

/// <summary>
/// POST /api/inbound/mail: a report e-mail from a mail provider's inbound webhook, the raw
/// RFC 5322 message as a <c>message/rfc822</c> body or in a multipart form field (<c>email</c> as
/// SendGrid Inbound Parse posts it with "raw" on, <c>body-mime</c> as Mailgun's store-and-forward
/// posts it, or <c>message</c>). It is stored in <c>inbound</c> before the 202, so the ingestion
/// pipeline sees it. The webhook has its own secret (<c>InboundMail:Secret</c>), not an API key:
/// in the <c>x-inbound-secret</c> header, as the Basic password, or as <c>?secret=</c>.
/// </summary>
public static class ReceiveMailFunction
{
    public const string SecretHeader = "x-inbound-secret";
    public static readonly string[] MessageFields = ["email", "body-mime", "message"];

    public static void Map(IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var maxBytes = api.ServiceProvider.GetRequiredService<IOptions<InboundMailOptions>>().Value.MaxBytes;
        api.MapPost("/inbound/mail", async Task<Results<Accepted<ReceivedMail>, ProblemHttpResult>> (
                HttpRequest request, IOptions<InboundMailOptions> options, IInboundMailbox mailbox, CancellationToken cancellationToken) =>
            {
                if (options.Value.Secret.Length == 0)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Webhook off", detail: "The inbound mail webhook has no secret configured (InboundMail:Secret), so it accepts nothing.");
                }

                if (!SecretMatches(request, options.Value.Secret))
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong secret", detail: $"Send the webhook's secret in the {SecretHeader} header, as the Basic password, or as ?secret=.");
                }

                var (message, problem) = await ReadMessageAsync(request, maxBytes, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                if (InboundMailCheck.Problem(message) is { } invalid)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a message", detail: invalid);
                }

                var name = await mailbox.StoreAsync(message, "webhook", cancellationToken);
                return TypedResults.Accepted((string?)null, new ReceivedMail(name, message.Length));
            })
            // No Accepts metadata: with it, routing answers other types with a bare 415 before the handler can say what to send.
            .WithDescription("The body is the raw message as message/rfc822, or multipart/form-data with it in an 'email', 'body-mime' or 'message' field (a value or a file).")
            .WithBodyLimit(maxBytes)
            .WithName("ReceiveMail")
            .WithSummary("Receive a report e-mail from an inbound mail webhook")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();
    }

    /// <summary>Compared as SHA-256 digests in constant time, so neither the secret nor its length leaks through timing.</summary>
    private static bool SecretMatches(HttpRequest request, string secret)
    {
        var given = request.Headers[SecretHeader].FirstOrDefault() ?? BasicPassword(request) ?? request.Query["secret"].FirstOrDefault() ?? "";
        return Core.Accounts.ApiKeys.SecretEquals(given, secret);
    }

    private static string? BasicPassword(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault();
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static async Task<(ReadOnlyMemory<byte> Message, ProblemHttpResult? Problem)> ReadMessageAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var type = request.ContentType ?? "";
        if (type.StartsWith("message/rfc822", StringComparison.OrdinalIgnoreCase))
        {
            // The body limit (WithBodyLimit) counts bytes as they are read: a longer message is a 413 problem.
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            return (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), null);
        }

        if (!request.HasFormContentType)
        {
            return (default, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported body", detail: "Post the raw message as message/rfc822, or a multipart form with it in an 'email', 'body-mime' or 'message' field."));
        }

        // A raw message is one long form value: allow it up to the body limit, not the framework's 4 MiB.
        var limit = (int)Math.Min(maxBytes, int.MaxValue);
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { ValueLengthLimit = limit, MultipartBodyLengthLimit = maxBytes }));
        var form = await request.ReadFormAsync(cancellationToken);
        foreach (var field in MessageFields)
        {
            if (form.Files.GetFile(field) is { } file)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, cancellationToken);
                return (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), null);
            }

            if (form.TryGetValue(field, out var value) && value.FirstOrDefault() is { Length: > 0 } text)
            {
                return (Encoding.UTF8.GetBytes(text), null);
            }
        }

        return (default, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No message", detail: $"The form has no '{string.Join("', '", MessageFields)}' field with the raw message."));
    }
}

/// <summary>Where the received message was stored, and its size.</summary>
public sealed record ReceivedMail(string Name, int Bytes);
