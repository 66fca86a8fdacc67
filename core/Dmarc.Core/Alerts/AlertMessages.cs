using Dmarc.Core.Notifications;

namespace Dmarc.Core.Alerts;

/// <summary>
/// The e-mail of an alert: the exact subject of PRODUCT.md §5 where it lists one, and a text and
/// an HTML part that say what changed, for which domain and sender, before and after, and what to do next.
/// </summary>
public static class AlertMessages
{
    public const string DmarcRecordSubject = "Alert: Issues with your DMARC record";
    public const string SpfRecordSubject = "Alert: Issues with your SPF record";
    public const string DkimRecordSubject = "Alert: Issues with your DKIM record";
    public const string NewDomainSubject = "Alert: New Domain";
    public const string DeletedDomainSubject = "Alert: Deleted Domain";
    public const string MfaSubject = "Alert: MFA Change";
    public const string SsoSubject = "Alert: SSO Change";
    public const string SuspiciousSendingSubject = "Alert: Suspicious Sending";

    /// <summary>Subjects chosen here: PRODUCT.md §5 lists none for these types.</summary>
    public const string PossibleInternalSenderSubject = "Alert: Possible Internal Sender";
    public const string SenderDmarcRateSubject = "Alert: Sender DMARC Rate";
    public const string ExecutiveReportSubject = "Your executive report is ready";

    public static string NewServicesSubject(string domain) => $"New email services for {domain}";

    /// <summary>The subject of an alert. A DMARC policy update (policy changed or record problems) is about the DMARC record, so it takes that subject.</summary>
    public static string Subject(AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.Type switch
        {
            AlertType.MfaChange => MfaSubject,
            AlertType.SsoChange => SsoSubject,
            AlertType.DomainAdded => NewDomainSubject,
            AlertType.DomainDeleted => DeletedDomainSubject,
            AlertType.PossibleInternalSender => PossibleInternalSenderSubject,
            AlertType.SenderDmarcRate => SenderDmarcRateSubject,
            AlertType.NewServices => NewServicesSubject(alert.Domain ?? "your domains"),
            AlertType.SuspiciousSending => SuspiciousSendingSubject,
            AlertType.DmarcPolicyUpdate => DmarcRecordSubject,
            AlertType.RecordConfigurationChange => alert.Record switch
            {
                RecordKind.Spf => SpfRecordSubject,
                RecordKind.Dkim => DkimRecordSubject,
                _ => DmarcRecordSubject,
            },
            AlertType.ExecutiveReportReady => ExecutiveReportSubject,
            _ => throw new ArgumentOutOfRangeException(nameof(alert), alert.Type, "Unknown alert type."),
        };
    }

    /// <summary>The lines both parts show, in order.</summary>
    public static IReadOnlyList<(string Label, string Value)> Facts(AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var facts = new List<(string, string)> { ("What changed", alert.What) };
        if (alert.Domain is not null)
        {
            facts.Add(("Domain", alert.Domain));
        }

        if (alert.Sender is not null)
        {
            facts.Add(("Sender", alert.Sender));
        }

        facts.Add(("Before", alert.Before ?? "(nothing)"));
        facts.Add(("After", alert.After ?? "(nothing)"));
        facts.Add(("When", alert.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)));
        facts.Add(("What to do next", alert.NextStep));
        return facts;
    }

    /// <summary>The shared e-mail layout: what changed in a sentence, the facts as a table, the link to the reports.</summary>
    public static EmailMessage Compose(AlertEvent alert, IReadOnlyList<string> to, Uri? link)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var subject = Subject(alert);
        var layout = new EmailLayout(subject).Paragraph(alert.What).Table(null, Facts(alert).Skip(1));
        if (link is not null)
        {
            layout.Button("See your DMARC reports", link);
        }

        return layout.Message(to, subject);
    }

    /// <summary>The notification-centre body: the same facts as the e-mail.</summary>
    public static string Body(AlertEvent alert) => string.Join("\n", Facts(alert).Select(f => $"{f.Label}: {f.Value}"));
}
