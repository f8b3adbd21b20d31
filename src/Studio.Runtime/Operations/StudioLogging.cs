using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;
using Studio.Data.Privacy;

namespace Studio.Runtime.Operations;

/// <summary>Log settings (section <c>Studio:Logging</c>); levels come from the standard <c>Logging:LogLevel</c> section.</summary>
public sealed class StudioLoggingOptions
{
    public const string Section = "Studio:Logging";

    /// <summary>"text" (human-readable console lines) or "json" (compact JSON, one event per line, for collectors).</summary>
    public string Format { get; set; } = "text";
}

/// <summary>
/// Serilog for the host: console in text or compact JSON, levels from <c>Logging:LogLevel</c>, and every sink behind
/// <see cref="PhoneMaskingSink"/>, so no mainland mobile number reaches a log line whatever code logs it.
/// </summary>
public static class StudioLogging
{
    public const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Makes Serilog the host's logger factory. Logger providers registered by others (a test's capture, an exporter)
    /// still get every event, but after masking, through Serilog; the framework's own console, debug and event-source
    /// providers are dropped, since they would print the same events unmasked.
    /// </summary>
    public static IServiceCollection AddStudioLogging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<ILoggerFactory>(sp =>
        {
            var providers = new LoggerProviderCollection();
            var logger = Configure(new LoggerConfiguration(), configuration, (write, formatter) =>
            {
                write.Console(formatter);
                write.Providers(providers);
            }).CreateLogger();
            var factory = new SerilogLoggerFactory(logger, dispose: true, providers);
            foreach (var provider in sp.GetServices<ILoggerProvider>().Where(p => !Unmasked.Contains(p.GetType().FullName)))
            {
                factory.AddProvider(provider);
            }
            return factory;
        });
        return services;
    }

    private static readonly HashSet<string?> Unmasked =
    [
        "Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider",
        "Microsoft.Extensions.Logging.Debug.DebugLoggerProvider",
        "Microsoft.Extensions.Logging.EventSource.EventSourceLoggerProvider",
        "Microsoft.Extensions.Logging.EventLog.EventLogLoggerProvider",
    ];

    /// <summary>
    /// Configures <paramref name="logger"/>. <paramref name="sinks"/> replaces the console (tests write to a
    /// <see cref="TextWriter"/>); whatever it configures is wrapped by the masking sink.
    /// </summary>
    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration,
        Action<LoggerSinkConfiguration, ITextFormatter>? sinks = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(StudioLoggingOptions.Section).Get<StudioLoggingOptions>() ?? new StudioLoggingOptions();
        ITextFormatter formatter = options.Format.ToLowerInvariant() switch
        {
            "json" => new CompactJsonFormatter(),
            "text" => new MessageTemplateTextFormatter(TextTemplate, System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"{StudioLoggingOptions.Section}:Format: '{options.Format}' is not text or json"),
        };

        var levels = configuration.GetSection("Logging:LogLevel");
        logger.MinimumLevel.Is(Level(levels["Default"], LogEventLevel.Information));
        foreach (var category in levels.GetChildren().Where(c => c.Key != "Default"))
        {
            logger.MinimumLevel.Override(category.Key, Level(category.Value, LogEventLevel.Information));
        }
        logger.Enrich.FromLogContext();
        logger.WriteTo.Sink(LoggerSinkConfiguration.Wrap(inner => new PhoneMaskingSink(inner),
            write => (sinks ?? ((w, f) => w.Console(f)))(write, formatter)));
        return logger;
    }

    /// <summary>Microsoft.Extensions.Logging level names to Serilog's.</summary>
    private static LogEventLevel Level(string? name, LogEventLevel fallback) => name switch
    {
        "Trace" => LogEventLevel.Verbose,
        "Debug" => LogEventLevel.Debug,
        "Information" => LogEventLevel.Information,
        "Warning" => LogEventLevel.Warning,
        "Error" => LogEventLevel.Error,
        "Critical" or "None" => LogEventLevel.Fatal,
        null or "" => fallback,
        _ => throw new ArgumentException($"Logging:LogLevel: '{name}' is not a log level"),
    };
}

/// <summary>
/// Masks mainland mobile numbers (11 digits, +86 forms, spaces or dashes inside) everywhere in an event before it
/// reaches the wrapped sinks: the message template's text, every property (strings inside sequences, structures and
/// dictionaries too) and the exception (replaced by a <see cref="MaskedException"/> when its text holds a number).
/// Uses <see cref="PhoneText.Redact"/> with mobiles only, so times, amounts and ids stay readable.
/// </summary>
public sealed class PhoneMaskingSink(ILogEventSink inner) : ILogEventSink, IDisposable
{
    private static readonly Serilog.Parsing.MessageTemplateParser Parser = new();

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        inner.Emit(Mask(logEvent));
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    public static LogEvent Mask(LogEvent e)
    {
        var template = e.MessageTemplate;
        var maskedText = Redact(template.Text);
        if (!ReferenceEquals(maskedText, template.Text))
        {
            template = Parser.Parse(maskedText!);
        }
        var properties = new List<LogEventProperty>(e.Properties.Count);
        var changed = !ReferenceEquals(template, e.MessageTemplate);
        foreach (var (name, value) in e.Properties)
        {
            var masked = Mask(value);
            changed |= !ReferenceEquals(masked, value);
            properties.Add(new LogEventProperty(name, masked));
        }
        var exception = e.Exception;
        if (exception is not null)
        {
            var text = exception.ToString();
            var maskedException = Redact(text);
            if (!ReferenceEquals(maskedException, text))
            {
                exception = new MaskedException(exception.GetType().FullName ?? "Exception", Redact(exception.Message)!, maskedException!);
                changed = true;
            }
        }
        return changed ? new LogEvent(e.Timestamp, e.Level, exception, template, properties, e.TraceId ?? default, e.SpanId ?? default) : e;
    }

    private static LogEventPropertyValue Mask(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string s }:
                var masked = Redact(s);
                return ReferenceEquals(masked, s) ? value : new ScalarValue(masked);
            case ScalarValue { Value: long or ulong or decimal } scalar:
                // A number logged as a number is still a phone number when it has its shape.
                var digits = Convert.ToString(scalar.Value, System.Globalization.CultureInfo.InvariantCulture)!;
                return PhoneText.LooksLikePhone(digits) ? new ScalarValue(Redact(digits)) : value;
            case ScalarValue:
                return value;
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(Mask).ToList();
                return elements.SequenceEqual(sequence.Elements) ? value : new SequenceValue(elements);
            case StructureValue structure:
                var props = structure.Properties.Select(p => new LogEventProperty(p.Name, Mask(p.Value))).ToList();
                return props.Select(p => p.Value).SequenceEqual(structure.Properties.Select(p => p.Value)) ? value : new StructureValue(props, structure.TypeTag);
            case DictionaryValue dictionary:
                var pairs = dictionary.Elements.Select(p => new KeyValuePair<ScalarValue, LogEventPropertyValue>(
                    p.Key.Value is string k && !ReferenceEquals(Redact(k), k) ? new ScalarValue(Redact(k)) : p.Key, Mask(p.Value))).ToList();
                return pairs.Zip(dictionary.Elements).All(x => ReferenceEquals(x.First.Key, x.Second.Key) && ReferenceEquals(x.First.Value, x.Second.Value))
                    ? value : new DictionaryValue(pairs);
            default:
                return value;
        }
    }

    private static string? Redact(string? text) => PhoneText.Redact(text, mobilesOnly: true);
}

/// <summary>Stands in for an exception whose message or stack held a phone number; prints the masked text.</summary>
public sealed class MaskedException(string originalType, string message, string maskedText) : Exception(message)
{
    public string OriginalType { get; } = originalType;

    public override string ToString() => maskedText;
}
