using Dmarc.Core.Ingestion;
using Dmarc.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.PullMailbox;

/// <summary>Timer trigger (every five minutes): pulls new report e-mail from the configured IMAP mailbox into inbound.</summary>
public static class PullMailboxFunction
{
    public const string Name = "PullMailbox";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapTimer(Name, async (request, services, cancellationToken) =>
        {
            _ = request.DataObject("timer"); // decoding checks the payload is the host's timer shape
            if (!services.GetRequiredService<IOptions<ImapMailboxOptions>>().Value.Enabled)
            {
                return InvocationResult.Done("No mailbox configured (ImapMailbox:Host): nothing pulled");
            }

            var result = await services.GetRequiredService<MailboxPuller>().PullAsync(cancellationToken);
            return InvocationResult.Done($"Mailbox: {result.Pending} pending, {result.Stored} stored, {result.AlreadyStored} stored before, {result.Refused} left unread");
        });
}
