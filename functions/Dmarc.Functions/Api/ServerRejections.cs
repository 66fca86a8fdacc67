using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Dmarc.Functions.Api;

/// <summary>
/// Kestrel answers a request it cannot parse (a request line over its limit, a %00 in the path,
/// a malformed header) itself, before any middleware runs, with an empty body; the Kestrel team
/// keeps that path closed to applications. This connection middleware gives those answers a
/// problem detail: while none of the connection's requests is inside the app, what Kestrel writes
/// is held until it flushes, and a lone 4xx/5xx header block with <c>Content-Length: 0</c> gets
/// <c>application/problem+json</c> and a body. Everything the app writes passes straight through.
/// </summary>
public sealed class ServerRejections
{
    private const string EmptyBodyHeader = "\r\nContent-Length: 0\r\n";
    private readonly ConcurrentDictionary<string, RejectionWriter> _connections = new(StringComparer.Ordinal);

    /// <summary>Wraps each connection's output so that Kestrel's own rejections can be rewritten.</summary>
    public ConnectionDelegate Middleware(ConnectionDelegate next, KestrelServerLimits limits) => async connection =>
    {
        var transport = connection.Transport;
        var writer = new RejectionWriter(transport.Output, limits);
        connection.Transport = new DuplexPipe(transport.Input, writer);
        _connections[connection.ConnectionId] = writer;
        try
        {
            await next(connection);
        }
        finally
        {
            _connections.TryRemove(connection.ConnectionId, out _);
            connection.Transport = transport;
        }
    };

    /// <summary>Marks the request as the app's until its response is complete, so nothing of it is held.</summary>
    public void Enter(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Only Kestrel connections are wrapped; the test server has no connection id.
        if (context.Connection.Id is { } id && _connections.TryGetValue(id, out var writer))
        {
            writer.Enter();
            context.Response.OnCompleted(() =>
            {
                writer.Leave();
                return Task.CompletedTask;
            });
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class RejectionWriter(PipeWriter inner, KestrelServerLimits limits) : PipeWriter
    {
        private const int MaxHeld = 8 * 1024;
        private int _inApp;
        private ArrayBufferWriter<byte>? _held;
        private bool _nextIsHeld;

        public void Enter() => Interlocked.Increment(ref _inApp);

        public void Leave() => Interlocked.Decrement(ref _inApp);

        public override Memory<byte> GetMemory(int sizeHint = 0) => HoldNext() ? _held!.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => HoldNext() ? _held!.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

        public override void Advance(int bytes)
        {
            if (_nextIsHeld)
            {
                _held!.Advance(bytes);
                if (_held.WrittenCount > MaxHeld)
                {
                    // Not a rejection: a rejection is a short header block.
                    Release(rewrite: false);
                }
            }
            else
            {
                inner.Advance(bytes);
            }
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Release(rewrite: true);
            return inner.FlushAsync(cancellationToken);
        }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + (_held?.WrittenCount ?? 0);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Release(rewrite: true);
            inner.Complete(exception);
        }

        public override ValueTask CompleteAsync(Exception? exception = null)
        {
            Release(rewrite: true);
            return inner.CompleteAsync(exception);
        }

        private bool HoldNext()
        {
            if (_held is null && Volatile.Read(ref _inApp) == 0)
            {
                _held = new ArrayBufferWriter<byte>();
            }

            _nextIsHeld = _held is not null;
            return _nextIsHeld;
        }

        private void Release(bool rewrite)
        {
            if (_held is not { } held)
            {
                return;
            }

            _held = null;
            _nextIsHeld = false;
            var bytes = rewrite && Volatile.Read(ref _inApp) == 0 ? WithProblem(held.WrittenSpan, limits) ?? held.WrittenSpan.ToArray() : held.WrittenSpan.ToArray();
            inner.Write(bytes);
        }
    }

    /// <summary>The header block with a problem body, or null when it is not a bare error answer.</summary>
    internal static byte[]? WithProblem(ReadOnlySpan<byte> written, KestrelServerLimits limits)
    {
        var text = Encoding.Latin1.GetString(written);
        if (!text.StartsWith("HTTP/1.", StringComparison.Ordinal)
            || text.IndexOf("\r\n\r\n", StringComparison.Ordinal) != text.Length - 4
            || text.Length < 12
            || !int.TryParse(text.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            || status is < 400 or > 599)
        {
            return null;
        }

        var empty = text.IndexOf(EmptyBodyHeader, StringComparison.OrdinalIgnoreCase);
        if (empty < 0)
        {
            return null;
        }

        var (type, title, detail) = Describe(status, limits);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["type"] = type,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        });
        var headers = text[..empty]
                      + $"\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n"
                      + text[(empty + EmptyBodyHeader.Length)..];
        return [.. Encoding.Latin1.GetBytes(headers), .. body];
    }


    private static (string? Type, string Title, string Detail) Describe(int status, KestrelServerLimits limits) => status switch
    {
        400 => ("https://tools.ietf.org/html/rfc9110#section-15.5.1", "The request could not be read.",
            "The request line or a header is not valid HTTP, for example a %00 or another control character in the path. Nothing was done."),
        408 => ("https://tools.ietf.org/html/rfc9110#section-15.5.9", "The request took too long.",
            "The request headers or body did not arrive in time. Nothing was done."),
        413 => ("https://tools.ietf.org/html/rfc9110#section-15.5.14", "The request body is too large.",
            "The request body is over the server's limit. Nothing was done."),
        414 => ("https://tools.ietf.org/html/rfc9110#section-15.5.15", "The URL is too long.",
            $"The request line (method, path and query) is limited to {limits.MaxRequestLineSize} bytes. Nothing was done."),
        431 => ("https://tools.ietf.org/html/rfc6585#section-5", "The request headers are too large.",
            $"The headers are limited to {limits.MaxRequestHeaderCount} fields and {limits.MaxRequestHeadersTotalSize} bytes. Nothing was done."),
        505 => ("https://tools.ietf.org/html/rfc9110#section-15.6.6", "HTTP version not supported.",
            "Send HTTP/1.1 or HTTP/2. Nothing was done."),
        _ => (null, "The request could not be handled.", "The server refused the request before it reached the API. Nothing was done."),
    };
}
