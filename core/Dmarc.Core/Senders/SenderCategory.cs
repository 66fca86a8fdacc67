namespace Dmarc.Core.Senders;

/// <summary>What kind of service a sender is; written in the catalogue in kebab case ("security-gateway").</summary>
public enum SenderCategory
{
    /// <summary>Mailboxes for people: Google Workspace, Microsoft 365, Fastmail.</summary>
    Mailbox,

    /// <summary>Newsletters and campaigns: Mailchimp, Klaviyo.</summary>
    Marketing,

    /// <summary>Application mail through an API or SMTP relay: Amazon SES, Postmark.</summary>
    Transactional,

    /// <summary>Help desks and customer messaging: Zendesk, Intercom.</summary>
    Support,

    /// <summary>Customer relationship management: Salesforce.</summary>
    Crm,

    /// <summary>Gateways that relay an organisation's outbound mail: Mimecast, Proofpoint.</summary>
    SecurityGateway,

    /// <summary>Team tools that notify as the customer's domain: Atlassian.</summary>
    Collaboration,

    /// <summary>Survey and research platforms: Qualtrics.</summary>
    Survey,
}
