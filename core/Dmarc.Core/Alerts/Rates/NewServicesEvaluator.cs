using Dmarc.Core.Senders;

namespace Dmarc.Core.Alerts.Rates;

/// <summary>
/// New services detected: per domain (one state shared by the account's subscriptions), the set of
/// service senders (<c>service_*</c>) in the 30-day window as the previous evaluation saw it. A
/// service in today's window that was not in that set fires one event naming every new one; a
/// service that left the window and comes back later is new again. The first evaluation of a
/// domain only stores its baseline (an empty window is a baseline too, so the first services of a
/// new domain are reported).
/// </summary>
public sealed class NewServicesEvaluator(RateAlertScopes scopes) : IAlertEvaluator
{
    private const string Prefix = "service_";

    public IReadOnlySet<AlertType> Types { get; } = new HashSet<AlertType> { AlertType.NewServices };

    public async Task<AlertFindings> EvaluateAsync(string accountId, IReadOnlyList<AlertSubscription> subscriptions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var scope = scopes.For(accountId, now);
        var domains = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var subscription in subscriptions.Where(s => s.Type == AlertType.NewServices))
        {
            domains.UnionWith(await scope.DomainsAsync(subscription, cancellationToken));
        }

        var events = new List<AlertEvent>();
        var states = new List<AlertState>();
        foreach (var domain in domains)
        {
            var services = (await scope.WindowAsync(domain, cancellationToken)).Senders
                .Where(s => s.Kind == SenderClass.Service && s.SenderId.StartsWith(Prefix, StringComparison.Ordinal))
                .ToArray();
            var state = Encode(services.Select(s => s.SenderId));
            var key = string.Join('|', AlertType.NewServices, domain);
            var before = await scope.StateAsync(key, cancellationToken);
            if (before is not null)
            {
                var known = before.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                var added = services.Where(s => !known.Contains(s.SenderId)).ToArray();
                if (added.Length > 0)
                {
                    events.Add(Event(scope, domain, known, added));
                }
            }

            if (before != state)
            {
                states.Add(new AlertState(key, state));
            }
        }

        return new AlertFindings(events, states);
    }

    /// <summary>The ids, sorted, one a line, as many as fit in a state.</summary>
    private static string Encode(IEnumerable<string> ids)
    {
        var kept = new List<string>();
        var length = 0;
        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            length += id.Length + 1;
            if (length > IAlertStates.MaxLength)
            {
                break;
            }

            kept.Add(id);
        }

        return string.Join('\n', kept);
    }

    private static AlertEvent Event(RateAlertScope scope, string domain, HashSet<string> known, Rollup.SenderWindow[] added)
    {
        var names = string.Join(", ", added.Select(s => $"{s.Name} ({s.SenderId}, {s.Counts.Messages} messages)"));
        return new AlertEvent(
            AlertType.NewServices, scope.AccountId, domain, null, "services",
            $"New email services send as {domain}: {names}.",
            known.Count == 0 ? "no services" : string.Join(", ", known.Order(StringComparer.Ordinal)),
            string.Join(", ", added.Select(s => s.SenderId)),
            $"If these services are yours, approve them (POST /api/domains/{domain}/senders/<id>:approve) and make sure they sign with DKIM for {domain}; if not, deny them and look at who uses your domain.",
            scope.At);
    }
}
