using Dmarc.Core.Onboarding;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dmarc.Functions.ConfirmAccessRequest;

/// <summary>POST /api/access-requests/confirm (no key): the requester's link confirms the address, and only then are the owners asked.</summary>
public static class ConfirmAccessRequestFunction
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/access-requests/confirm", async Task<Results<Ok<RequestAccess.AccessRequestAccepted>, ProblemHttpResult>> (
                ConfirmSignup.ConfirmRequest request, AccessRequestService access, CancellationToken cancellationToken) =>
                await access.ConfirmAsync(request.Token, cancellationToken) switch
                {
                    AccessResult.Confirmed c => TypedResults.Ok(new RequestAccess.AccessRequestAccepted(c.Request.Id, c.Request.Status.ToString(),
                        "The account's owners were asked by e-mail; you will get an e-mail when they decide.")),
                    AccessResult.LinkRejected r => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The link cannot be used", detail: r.Reason),
                    _ => throw new InvalidOperationException("Unexpected confirmation result."),
                })
            .WithName("ConfirmAccessRequest")
            .WithSummary("Confirm an access request's link")
            .AllowAnonymous();
}
