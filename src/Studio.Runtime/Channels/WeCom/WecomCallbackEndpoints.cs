using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Studio.Runtime.Channels.WeCom;

/// <summary>Why a callback was refused. Logged (never with personal data) and mapped to an HTTP status.</summary>
public enum WecomRejection
{
    /// <summary>400: msg_signature, timestamp, nonce or echostr missing, or timestamp not a number.</summary>
    MissingQueryParameter,
    /// <summary>401: msg_signature does not match.</summary>
    BadSignature,
    /// <summary>403: timestamp outside the window (replay or clock skew).</summary>
    StaleTimestamp,
    /// <summary>413: body over the limit (checked while reading).</summary>
    BodyTooLarge,
    /// <summary>400: envelope not XML or without Encrypt.</summary>
    MalformedEnvelope,
    /// <summary>400: ciphertext not base64, wrong padding or layout.</summary>
    UndecryptableCiphertext,
    /// <summary>400: the ciphertext is for another corp / app.</summary>
    ReceiveIdMismatch,
    /// <summary>400: the decrypted message is not XML or lacks required fields.</summary>
    MalformedMessage,
    /// <summary>500: the conversation handler failed; WeCom will redeliver.</summary>
    HandlerFailed,
}

/// <summary>The WeCom callback URL: GET for URL verification, POST for messages and events.</summary>
public static partial class WecomCallbackEndpoints
{
    private const string LoggerCategory = "Studio.Runtime.Channels.WeCom.Callback";

    public static int StatusCodeOf(WecomRejection rejection) => rejection switch
    {
        WecomRejection.BadSignature => StatusCodes.Status401Unauthorized,
        WecomRejection.StaleTimestamp => StatusCodes.Status403Forbidden,
        WecomRejection.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
        WecomRejection.HandlerFailed => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Maps GET and POST <paramref name="path"/>. Needs <see cref="WecomServiceCollectionExtensions.AddWecomChannel"/>.</summary>
    public static IEndpointConventionBuilder MapWecomCallbacks(this IEndpointRouteBuilder endpoints, string path = "/wecom/callback")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(path);
        group.MapGet("", (Delegate)VerifyUrl);
        group.MapPost("", (Delegate)ReceiveAsync);
        return group;
    }

    private static IResult VerifyUrl(HttpContext context)
    {
        var services = context.RequestServices;
        var crypto = services.GetRequiredService<WxBizMsgCrypt>();
        var options = services.GetRequiredService<IOptions<WecomOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);

        var q = context.Request.Query;
        string? signature = q["msg_signature"], timestamp = q["timestamp"], nonce = q["nonce"], echo = q["echostr"];
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp) || nonce is null || string.IsNullOrEmpty(echo))
        {
            return Reject(logger, WecomRejection.MissingQueryParameter, "GET", null);
        }
        // An unencoded '+' in echostr arrives as a space after query decoding; base64 never contains spaces.
        echo = echo.Replace(' ', '+');
        if (!crypto.VerifySignature(signature, timestamp, nonce, echo))
        {
            return Reject(logger, WecomRejection.BadSignature, "GET", null);
        }
        if (CheckTimestamp(timestamp, time, options) is { } stale)
        {
            return Reject(logger, stale, "GET", null);
        }
        try
        {
            var plain = crypto.Decrypt(echo).Message;
            LogVerified(logger);
            return Results.Text(plain, "text/plain", Encoding.UTF8);
        }
        catch (WecomCryptoException ex)
        {
            return Reject(logger, ex.Error == WecomCryptoError.ReceiveIdMismatch
                ? WecomRejection.ReceiveIdMismatch
                : WecomRejection.UndecryptableCiphertext, "GET", ex.Error.ToString());
        }
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var crypto = services.GetRequiredService<WxBizMsgCrypt>();
        var options = services.GetRequiredService<IOptions<WecomOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var processor = services.GetRequiredService<WecomInboundProcessor>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);

        var q = context.Request.Query;
        string? signature = q["msg_signature"], timestamp = q["timestamp"], nonce = q["nonce"];
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp) || nonce is null)
        {
            return Reject(logger, WecomRejection.MissingQueryParameter, "POST", null);
        }

        var body = await ReadBoundedAsync(context.Request, options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Reject(logger, WecomRejection.BodyTooLarge, "POST", null);
        }

        WecomEnvelope envelope;
        try
        {
            envelope = WecomXml.ParseEnvelope(body, options.MaxBodyBytes);
        }
        catch (WecomXmlException ex)
        {
            return Reject(logger, WecomRejection.MalformedEnvelope, "POST", ex.Message);
        }
        if (!crypto.VerifySignature(signature, timestamp, nonce, envelope.Encrypt))
        {
            return Reject(logger, WecomRejection.BadSignature, "POST", null);
        }
        if (CheckTimestamp(timestamp, time, options) is { } stale)
        {
            return Reject(logger, stale, "POST", null);
        }

        string plain;
        try
        {
            plain = crypto.Decrypt(envelope.Encrypt).Message;
        }
        catch (WecomCryptoException ex)
        {
            return Reject(logger, ex.Error == WecomCryptoError.ReceiveIdMismatch
                ? WecomRejection.ReceiveIdMismatch
                : WecomRejection.UndecryptableCiphertext, "POST", ex.Error.ToString());
        }

        WecomInboundMessage message;
        try
        {
            message = WecomInboundMessage.Parse(plain, options.MaxBodyBytes);
        }
        catch (WecomXmlException ex)
        {
            return Reject(logger, WecomRejection.MalformedMessage, "POST", ex.Message);
        }

        var result = await processor.ProcessAsync(message, context.RequestAborted).ConfigureAwait(false);
        switch (result.Status)
        {
            case WecomProcessStatus.PassiveReply:
                var replyTimestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                var replyNonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
                var encrypted = crypto.EncryptReply(result.PassiveReplyXml!, replyTimestamp, replyNonce);
                return Results.Text(encrypted, "application/xml", Encoding.UTF8);
            case WecomProcessStatus.Failed:
                return Reject(logger, WecomRejection.HandlerFailed, "POST", null);
            default:
                return Results.Text("success", "text/plain", Encoding.UTF8);
        }
    }

    private static WecomRejection? CheckTimestamp(string timestamp, TimeProvider time, WecomOptions options)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return WecomRejection.MissingQueryParameter;
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var age = Math.Abs(now - seconds);
        return age > options.TimestampWindow.TotalSeconds ? WecomRejection.StaleTimestamp : null;
    }

    /// <summary>Reads the body as UTF-8, giving up (null) as soon as more than <paramref name="limit"/> bytes arrive.</summary>
    private static async Task<string?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > limit)
        {
            return null;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, 16 * 1024));
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, total).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(total, buffer.Length - total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                total += read;
                if (total > limit)
                {
                    return null;
                }
            }
            return Encoding.UTF8.GetString(buffer, 0, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult Reject(ILogger logger, WecomRejection rejection, string method, string? detail)
    {
        var status = StatusCodeOf(rejection);
        LogRejected(logger, method, rejection, status, detail ?? "");
        return Results.StatusCode(status);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeCom callback {Method} rejected: {Rejection} → {Status} {Detail}")]
    private static partial void LogRejected(ILogger logger, string method, WecomRejection rejection, int status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "WeCom callback URL verified")]
    private static partial void LogVerified(ILogger logger);
}
