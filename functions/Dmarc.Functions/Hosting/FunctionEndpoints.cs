using Dmarc.Functions.AddDomain;
using Dmarc.Functions.AddUser;
using Dmarc.Functions.Api;
using Dmarc.Functions.ApproveAccessRequest;
using Dmarc.Functions.ApproveSender;
using Dmarc.Functions.ClassifySenders;
using Dmarc.Functions.ConfirmAccessRequest;
using Dmarc.Functions.ConfirmSignup;
using Dmarc.Functions.CreateAccount;
using Dmarc.Functions.CreateZone;
using Dmarc.Functions.DeclineAccessRequest;
using Dmarc.Functions.DenySender;
using Dmarc.Functions.DisableDomainMonitoring;
using Dmarc.Functions.DisableMonitoring;
using Dmarc.Functions.EnableMonitoring;
using Dmarc.Functions.GetAccount;
using Dmarc.Functions.GetReport;
using Dmarc.Functions.GetTask;
using Dmarc.Functions.Health;
using Dmarc.Functions.ImportZoneFile;
using Dmarc.Functions.IngestReport;
using Dmarc.Functions.ListActivity;
using Dmarc.Functions.ListAdminActivity;
using Dmarc.Functions.ListAudit;
using Dmarc.Functions.ListAuthorizations;
using Dmarc.Functions.ListDomains;
using Dmarc.Functions.ListNotifications;
using Dmarc.Functions.ListRecordSets;
using Dmarc.Functions.ListQuarantine;
using Dmarc.Functions.ListReports;
using Dmarc.Functions.ListSenders;
using Dmarc.Functions.ListUnclaimed;
using Dmarc.Functions.ListUsers;
using Dmarc.Functions.ListZones;
using Dmarc.Functions.OpenApi;
using Dmarc.Functions.ProcessZone;
using Dmarc.Functions.PutRecordSet;
using Dmarc.Functions.QuarantineFailedBlob;
using Dmarc.Functions.RemoveDomain;
using Dmarc.Functions.RemoveUser;
using Dmarc.Functions.RepairRecord;
using Dmarc.Functions.RequestAccess;
using Dmarc.Functions.RetryQuarantined;
using Dmarc.Functions.ResumeTasks;
using Dmarc.Functions.RollupTimer;
using Dmarc.Functions.SendOutbox;
using Dmarc.Functions.SignUp;
using Dmarc.Functions.VerifyDomain;

namespace Dmarc.Functions.Hosting;

/// <summary>Maps every function: HTTP functions under /api, other triggers at POST /{FunctionName}.</summary>
public static class FunctionEndpoints
{
    public const string ApiPrefix = "/api";

    public static WebApplication MapFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup(ApiPrefix);
        api.AddEndpointFilter<ActivityAuditFilter>();
        api.WithPipelineResponses();
        HealthFunction.Map(api);
        CreateAccountFunction.Map(api);
        GetAccountFunction.Map(api);
        ListZonesFunction.Map(api);
        CreateZoneFunction.Map(api);
        ListRecordSetsFunction.Map(api);
        PutRecordSetFunction.Map(api);
        ImportZoneFileFunction.Map(api);
        EnableMonitoringFunction.Map(api);
        DisableMonitoringFunction.Map(api);
        DisableDomainMonitoringFunction.Map(api);
        GetTaskFunction.Map(api);
        ListAuditFunction.Map(api);
        ListActivityFunction.Map(api);
        ListAdminActivityFunction.Map(api);
        ListNotificationsFunction.Map(api);
        SignUpFunction.Map(api);
        ConfirmSignupFunction.Map(api);
        RequestAccessFunction.Map(api);
        ConfirmAccessRequestFunction.Map(api);
        ApproveAccessRequestFunction.Map(api);
        DeclineAccessRequestFunction.Map(api);
        ListUsersFunction.Map(api);
        AddUserFunction.Map(api);
        RemoveUserFunction.Map(api);
        ListDomainsFunction.Map(api);
        AddDomainFunction.Map(api);
        VerifyDomainFunction.Map(api);
        RemoveDomainFunction.Map(api);
        RepairRecordFunction.Map(api);
        ListReportsFunction.Map(api);
        GetReportFunction.Map(api);
        ListQuarantineFunction.Map(api);
        RetryQuarantinedFunction.Map(api);
        ListUnclaimedFunction.Map(api);
        ListAuthorizationsFunction.Map(api);
        ListSendersFunction.Map(api);
        ApproveSenderFunction.Map(api);
        DenySenderFunction.Map(api);
        OpenApiFunction.Map(app);

        IngestReportFunction.Map(app);
        RollupTimerFunction.Map(app);
        ProcessZoneFunction.Map(app);
        QuarantineFailedBlobFunction.Map(app);
        ResumeTasksFunction.Map(app);
        SendOutboxFunction.Map(app);
        ClassifySendersFunction.Map(app);
        return app;
    }
}
