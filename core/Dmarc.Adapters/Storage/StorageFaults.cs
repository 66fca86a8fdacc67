using System.Globalization;
using Azure;
using Dmarc.Core.Storage;

namespace Dmarc.Adapters.Storage;

/// <summary>
/// Azure Storage failures by status: a request the service refused as such (400, 405, 411, 413,
/// 414, 416, 431) fails the same way every time; 404, 409 and 412 are states concurrent writers
/// produce and retries resolve; 408, 429 and 5xx are transient. Anything else is not classified
/// as permanent, so the host's retries and poison handling still apply to it.
/// </summary>
public sealed class StorageFaults : IStorageFaults
{
    private static readonly int[] PermanentStatuses = [400, 405, 411, 413, 414, 416, 431];

    public string? Permanent(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is RequestFailedException failed && PermanentStatuses.Contains(failed.Status))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{failed.ErrorCode ?? "Refused"} ({failed.Status})");
            }
        }

        return null;
    }
}
