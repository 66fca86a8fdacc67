using Dmarc.Core.Notifications;

namespace Dmarc.Core.Onboarding;

/// <summary>The onboarding e-mails, each as text and HTML.</summary>
public static class OnboardingMail
{
    public const string WelcomeSubject = "Welcome - start your DMARC journey";
    public const string NewDomainSubject = "New Domain Added";
    public const string AccessRequestSubject = "Request to join your DMARC monitoring account";
    public const string AccessConfirmSubject = "Confirm your request to join a DMARC monitoring account";

    public static EmailMessage Welcome(string to, string domain, Uri link, TimeSpan lifetime) => Message(
        [to],
        WelcomeSubject,
        $"Your DMARC monitoring account for {domain} is almost ready.",
        $"Open this link to confirm your address and activate the account. It works once and expires in {lifetime.TotalHours:0} hours.",
        ("Confirm and activate", link));

    public static EmailMessage NewDomain(IReadOnlyList<string> owners, string domain) => Message(
        owners,
        NewDomainSubject,
        $"The domain {domain} was added to your DMARC monitoring account.",
        "Aggregate reports for it are now routed to this account.",
        null);

    public static EmailMessage AccessConfirm(AccessRequest request, Uri link, TimeSpan lifetime) => Message(
        [request.RequesterEmail],
        AccessConfirmSubject,
        $"Someone asked, with this address, to join the account that manages {request.Domain}.",
        $"If it was you, open this link to confirm your address; only then are the account's owners asked. It expires in {lifetime.TotalHours:0} hours. If it was not you, ignore this e-mail.",
        ("Confirm your request", link));

    public static EmailMessage AccessRequested(IReadOnlyList<string> owners, AccessRequest request) => Message(
        owners,
        AccessRequestSubject,
        $"{request.RequesterEmail} asks to join the account that manages {request.Domain}.",
        $"Their message: {request.Message}\nApprove with POST /api/access-requests/{request.Id}:approve or decline with POST /api/access-requests/{request.Id}:decline.",
        null);

    public static EmailMessage AccessDecided(AccessRequest request, bool approved) => Message(
        [request.RequesterEmail],
        approved ? "Your access request was approved" : "Your access request was declined",
        approved
            ? $"The owners of the account that manages {request.Domain} added you as a member."
            : $"The owners of the account that manages {request.Domain} declined your request.",
        approved ? "An owner will give you your API key." : "Ask someone in your organisation who manages DMARC monitoring for access.",
        null);

    private static EmailMessage Message(IReadOnlyList<string> to, string subject, string lead, string body, (string Label, Uri Link)? link)
    {
        var layout = new EmailLayout(subject).Paragraph(lead).Paragraph(body);
        if (link is { } l)
        {
            layout.Button(l.Label, l.Link).Note($"If the button does not work, copy this address into your browser:\n{l.Link}", inText: false);
        }

        return layout.Message(to, subject);
    }
}
