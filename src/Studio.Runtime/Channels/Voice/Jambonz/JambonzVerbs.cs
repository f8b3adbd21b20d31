using System.Text.Json.Nodes;

namespace Studio.Runtime.Channels.Voice.Jambonz;

/// <summary>
/// Builds jambonz verbs from voice instructions. Every verb built here is validated in the tests against
/// <c>@jambonz/verb-specifications</c> (the schemas jambonz itself validates applications with).
/// </summary>
public static class JambonzVerbs
{
    public static JsonArray Build(IEnumerable<VoiceInstruction> instructions, JambonzOptions options, VoiceOptions voice)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        var verbs = new JsonArray();
        foreach (var instruction in instructions)
        {
            switch (instruction)
            {
                case SpeakInstruction speak:
                    verbs.Add(Say(speak.Text));
                    break;
                case ListenInstruction listen:
                    verbs.Add(Gather(listen, options));
                    break;
                case TransferInstruction { Target: { } target }:
                    verbs.Add(Dial(target, options, voice));
                    break;
                case TransferInstruction:
                    break; // no target configured: logged by the gateway; the call goes on to its farewell
                case HangUpInstruction:
                    verbs.Add(new JsonObject { ["verb"] = "hangup" });
                    break;
            }
        }
        return verbs;
    }

    public static JsonObject Say(string text) => new() { ["verb"] = "say", ["text"] = text };

    public static JsonObject Gather(ListenInstruction listen, JambonzOptions options)
    {
        var gather = new JsonObject
        {
            ["verb"] = "gather",
            ["actionHook"] = options.TurnHook,
            ["input"] = new JsonArray("speech", "digits"),
            ["timeout"] = listen.TimeoutSeconds,
            ["bargein"] = listen.BargeIn,
            ["dtmfBargein"] = listen.BargeIn,
            // Without barge-in the caller is not heard until the prompt has been played in full.
            ["listenDuringPrompt"] = listen.BargeIn,
        };
        if (listen.BargeIn && options.MinBargeinWordCount > 0)
        {
            gather["minBargeinWordCount"] = options.MinBargeinWordCount;
        }
        if (options.DtmfDigits > 0)
        {
            gather["numDigits"] = options.DtmfDigits;
        }
        else
        {
            gather["finishOnKey"] = "#";
            gather["interDigitTimeout"] = 3;
        }
        if (!string.IsNullOrWhiteSpace(listen.Prompt))
        {
            gather["say"] = new JsonObject { ["text"] = listen.Prompt };
        }
        return gather;
    }

    public static JsonObject Dial(VoiceTransferTarget target, JambonzOptions options, VoiceOptions voice)
    {
        var t = new JsonObject { ["type"] = target.Type };
        switch (target.Type)
        {
            case "sip":
                t["sipUri"] = target.SipUri;
                break;
            case "phone":
                t["number"] = target.Number;
                if (!string.IsNullOrEmpty(target.Trunk))
                {
                    t["trunk"] = target.Trunk;
                }
                break;
            default:
                t["name"] = target.Name ?? target.Number;
                break;
        }
        return new JsonObject
        {
            ["verb"] = "dial",
            ["actionHook"] = options.DialHook,
            ["answerOnBridge"] = true,
            ["timeout"] = voice.TransferTimeoutSeconds,
            ["target"] = new JsonArray(t),
        };
    }

    /// <summary>Session-wide speech settings, sent first in the opening when configured; null otherwise.</summary>
    public static JsonObject? Config(JambonzOptions options)
    {
        if (options.Synthesizer is null && options.Recognizer is null)
        {
            return null;
        }
        var config = new JsonObject { ["verb"] = "config" };
        if (options.Synthesizer is { } tts)
        {
            config["synthesizer"] = Speech(tts, withVoice: true);
        }
        if (options.Recognizer is { } asr)
        {
            config["recognizer"] = Speech(asr, withVoice: false);
        }
        return config;
    }

    private static JsonObject Speech(JambonzSpeechOptions speech, bool withVoice)
    {
        var o = new JsonObject { ["vendor"] = speech.Vendor };
        if (!string.IsNullOrEmpty(speech.Label))
        {
            o["label"] = speech.Label;
        }
        if (!string.IsNullOrEmpty(speech.Language))
        {
            o["language"] = speech.Language;
        }
        if (withVoice && !string.IsNullOrEmpty(speech.Voice))
        {
            o["voice"] = speech.Voice;
        }
        return o;
    }
}
