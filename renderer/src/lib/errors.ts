// Runs in: renderer.
// What the UI keeps of a failure: plain text only, so stores stay serialisable and the banner
// never has to know about ApiError.
export interface UiError {
  message: string
  hint: string
}
