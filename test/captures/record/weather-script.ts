// The one scenario every capture drives: a weather assistant that calls one tool and answers.
// Shared by the recording drivers so each library sends the same conversation.

export const SYSTEM_PROMPT = 'You are a weather assistant. Answer in one sentence.';
export const USER_QUESTION = 'What is the weather in Paris?';
export const WEATHER_RESULT = { city: 'Paris', temperatureC: 18, condition: 'sunny' };
export const EMBEDDING_TEXT = 'sunny weather in Paris';

export const WEATHER_TOOL_DESCRIPTION = 'Get the current weather for a city';
export const WEATHER_TOOL_PARAMETERS = {
  type: 'object',
  properties: { city: { type: 'string', description: 'City name' } },
  required: ['city'],
  additionalProperties: false,
} as const;

export function getWeather(city: string): typeof WEATHER_RESULT {
  return { ...WEATHER_RESULT, city };
}
