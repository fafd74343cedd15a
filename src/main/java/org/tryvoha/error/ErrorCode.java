package org.tryvoha.error;

import java.util.Locale;

/**
 * The one catalogue of errors the API returns: HTTP status, a stable code, and a title in English
 * and Ukrainian. Rendered as RFC 9457 problem details by {@code api.ProblemHandler}; the {@code type}
 * URI points at the README section that explains the error.
 */
public enum ErrorCode {
    MALFORMED_REQUEST(400, "The request is malformed", "Запит має неправильний формат"),
    UNAUTHORIZED(401, "An operator key is required", "Потрібен ключ оператора"),
    FORBIDDEN(403, "This key may not do that", "Цей ключ не має на це права"),
    NOT_FOUND(404, "Not found", "Не знайдено"),
    METHOD_NOT_ALLOWED(405, "Method not allowed", "Метод не дозволено"),
    CONFLICT(409, "The request conflicts with the alert's current state", "Запит суперечить поточному стану тривоги"),
    TOO_LARGE(413, "The request body is too large", "Тіло запиту завелике"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type", "Непідтримуваний тип даних"),
    INVALID(422, "The request has invalid fields", "Запит містить неправильні поля"),
    UPGRADE_REQUIRED(
            426, "Upgrade required: another protocol version is needed", "Потрібен інший протокол або його версія"),
    TOO_MANY_REQUESTS(429, "Too many requests", "Забагато запитів"),
    INTERNAL(500, "Internal error", "Внутрішня помилка"),
    UNAVAILABLE(503, "The service is temporarily unavailable", "Сервіс тимчасово недоступний");

    public final int status;
    public final String title;
    public final String titleUk;

    ErrorCode(int status, String title, String titleUk) {
        this.status = status;
        this.title = title;
        this.titleUk = titleUk;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String type() {
        return "https://github.com/tryvoha/tryvoha#error-" + code().replace('_', '-');
    }
}
