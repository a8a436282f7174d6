/**
 * Tour steps shared by the portal tours run at a phone's width.
 */

/** The width the page may use: the viewport, less a classic scrollbar when there is one. */
function viewportWidth() {
    return Math.min(window.innerWidth, document.documentElement.clientWidth);
}

function describe(element) {
    const id = element.id ? `#${element.id}` : "";
    const classes = [...element.classList].map((name) => `.${name}`).join("");
    const text = (element.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `<${element.tagName.toLowerCase()}${id}${classes}> "${text}"`;
}

/**
 * Elements sticking out to the right of the viewport (visible ones only: closed modals and
 * off-canvas menus are display: none or moved out to the left).
 */
export function elementsWiderThanViewport() {
    const width = viewportWidth();
    const offenders = [];
    for (const element of document.body.querySelectorAll("*")) {
        const rect = element.getBoundingClientRect();
        if (!rect.width || !rect.height || rect.right <= width + 1) {
            continue;
        }
        const style = window.getComputedStyle(element);
        if (style.visibility === "hidden" || style.position === "fixed") {
            continue;
        }
        offenders.push(`${describe(element)} ends at ${Math.round(rect.right)}px`);
    }
    return offenders;
}

/**
 * A step asserting that the page fits the viewport's width: nothing scrolls sideways and no
 * element is wider than the screen (the offenders are named in the failure).
 */
export function assertFitsViewport(where, trigger = "body") {
    return {
        content: `${where}: nothing is wider than the screen`,
        trigger,
        run() {
            const width = viewportWidth();
            const scrollWidth = document.documentElement.scrollWidth;
            const offenders = elementsWiderThanViewport();
            if (scrollWidth > width || offenders.length) {
                throw new Error(
                    `${where} is wider than the ${width}px screen (page ${scrollWidth}px): ` +
                        (offenders.slice(0, 8).join("; ") || "no single element")
                );
            }
        },
    };
}

/** A step asserting that every pictogram of the /my tiles has the size of Odoo's own. */
export function assertPortalIconsSized(where) {
    return {
        content: `${where}: every tile's pictogram has the size of Odoo's own`,
        trigger: ".o_portal_index_card a[href='/my/security'] .o_portal_icon img",
        run() {
            const reference = document
                .querySelector(".o_portal_index_card a[href='/my/security'] .o_portal_icon img")
                .getBoundingClientRect();
            for (const img of document.querySelectorAll(
                ".o_portal_index_card:not(.d-none) .o_portal_icon img"
            )) {
                const rect = img.getBoundingClientRect();
                if (
                    Math.abs(rect.width - reference.width) > 1 ||
                    Math.abs(rect.height - reference.height) > 1
                ) {
                    throw new Error(
                        `${img.getAttribute("src")} is ${rect.width}x${rect.height}px, ` +
                            `Odoo's pictograms ${reference.width}x${reference.height}px`
                    );
                }
            }
        },
    };
}
