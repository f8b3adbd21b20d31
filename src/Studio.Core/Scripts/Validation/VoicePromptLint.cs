using System.Globalization;
using System.Text.RegularExpressions;
using Studio.Core.Templates;

namespace Studio.Core.Scripts.Validation;

/// <summary>
/// Long prompts lose members on the phone: estimates how long each voice variation takes to speak
/// (numbers as TTS reads them, placeholders at a typical length) and warns above settings.voice.maxPromptSeconds.
/// </summary>
internal static partial class VoicePromptLint
{
    /// <summary>A calm Mandarin TTS voice speaks about 4.5 characters a second.</summary>
    public const double CharactersPerSecond = 4.5;

    /// <summary>A placeholder usually renders as a name or a short value (张女士, 30).</summary>
    public const int PlaceholderCharacters = 3;

    /// <summary>The offer's description renders as a phrase (30元无门槛优惠券).</summary>
    public const int OfferDescriptionCharacters = 9;

    [GeneratedRegex(@"\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex Placeholder();

    public static void Check(ValidationContext context)
    {
        if (!context.HasVoice)
        {
            return;
        }
        var max = context.Script.Settings.Voice.MaxPromptSeconds;
        foreach (var message in ScriptTexts.Messages(context.Script))
        {
            foreach (var text in ScriptTexts.Spoken(message))
            {
                var characters = EstimateCharacters(text.Text);
                var seconds = characters / CharactersPerSecond;
                if (seconds > max)
                {
                    context.Warning(DiagnosticCodes.LongVoicePrompt,
                        string.Create(CultureInfo.InvariantCulture,
                            $"voice prompt takes about {seconds:0.0} s to speak ({characters} characters at ~{CharactersPerSecond} characters/s); keep it under {max:0.#} s: shorten it or split it over two nodes"),
                        text.Path, text.NodeId);
                }
            }
        }
    }

    /// <summary>Characters the TTS voice reads: placeholders at a typical length, numbers spoken out, spaces ignored.</summary>
    public static int EstimateCharacters(string template)
    {
        var filled = Placeholder().Replace(template, m =>
            new string('某', m.Groups[1].Value.Trim() is "offer" or "offer.description" ? OfferDescriptionCharacters : PlaceholderCharacters));
        return SpokenNumbers.Speak(filled).Count(c => !char.IsWhiteSpace(c));
    }
}
