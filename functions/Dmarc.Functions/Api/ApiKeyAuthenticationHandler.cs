using System.Security.Claims;
using System.Text.Encodings.Web;
using Dmarc.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dmarc.Functions.Api;

/// <summary>
/// Authenticates a caller by an API key in <c>Authorization: Bearer &lt;key&gt;</c> or <c>x-api-key</c>:
/// the admin key from configuration, or an account key looked up by its hash.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiOptions> api,
    AccountService accounts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>The Functions host's key header (the admin API takes the master key in it): the admin key may come here too.</summary>
    public const string FunctionsKeyHeader = "x-functions-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (ApiKeys.SecretEquals(key, api.Value.AdminKey.Trim()))
        {
            return Success(new Claim(ClaimTypes.Role, CallerClaims.AdminRole));
        }

        var grant = await accounts.AuthenticateAsync(key, Context.RequestAborted);
        return grant is null
            ? AuthenticateResult.Fail("Unknown API key.")
            : Success(
                new Claim(CallerClaims.AccountId, grant.AccountId),
                new Claim(CallerClaims.AccountRole, grant.Role.ToString()),
                new Claim(ClaimTypes.Email, grant.Email));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Authentication required",
            detail: "Send an API key as 'Authorization: Bearer <key>' or in the 'x-api-key' header.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Not allowed",
            detail: "This operation needs the administrator key.").ExecuteAsync(Context);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return NonEmpty(header["Bearer ".Length..]);
        }

        return NonEmpty(request.Headers[ApiKeyHeader].ToString()) ?? NonEmpty(request.Headers[FunctionsKeyHeader].ToString());
    }

    private static string? NonEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
