using Dmarc.Core.Notifications;
using Dmarc.Functions.Hosting;

namespace Dmarc.Functions.SendOutbox;

/// <summary>Timer trigger (every minute): sends the outbox's pending e-mail, each message once.</summary>
public static class SendOutboxFunction
{
    public const string Name = "SendOutbox";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTimer(Name, async (request, services, cancellationToken) =>
        {
            _ = request.DataObject("timer"); // decoding checks the payload is the host's timer shape
            var sent = await services.GetRequiredService<IEmailOutbox>().DeliverPendingAsync(cancellationToken);
            return InvocationResult.Done($"Outbox messages sent: {sent}");
        });
}
