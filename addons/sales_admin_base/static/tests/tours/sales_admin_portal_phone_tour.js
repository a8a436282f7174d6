import { registry } from "@web/core/registry";
import { assertFitsViewport, assertPortalIconsSized } from "./portal_tour_utils";

registry.category("web_tour.tours").add("sales_admin_portal_complaint_phone", {
    url: "/my",
    steps: () => [
        {
            content: "The complaints tile is shown, with its pictogram",
            trigger: ".o_portal_index_card a[href='/my/complaints'] .o_portal_icon img",
        },
        assertPortalIconsSized("/my"),
        assertFitsViewport("/my"),
        {
            content: "Open the complaints",
            trigger: ".o_portal_index_card a[href='/my/complaints']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The list shows each complaint's status",
            trigger: ".o_portal_my_doc_table th:contains(Status)",
            run() {
                const status = document
                    .querySelector(".o_portal_my_doc_table tbody tr td:last-child .badge")
                    .getBoundingClientRect();
                if (!status.width || status.right > document.documentElement.clientWidth) {
                    throw new Error(`the status is cut off (ends at ${status.right}px)`);
                }
            },
        },
        assertFitsViewport("The complaint list"),
        {
            content: "File a new complaint",
            trigger: "a.o_complaint_new",
            run: "click",
            expectUnloadPage: true,
        },
        assertFitsViewport("The new complaint form", "form.o_complaint_form"),
        {
            content: "Say what went wrong",
            trigger: "form.o_complaint_form input[name='subject']",
            run: "edit Two chairs arrived broken",
        },
        {
            content: "Give the details",
            trigger: "form.o_complaint_form textarea[name='description']",
            run: "edit The legs of two chairs were snapped when the parcel arrived on Monday.",
        },
        {
            content: "Send",
            trigger: "form.o_complaint_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint page shows what the customer wrote",
            trigger: ".o_complaint_description:contains(The legs of two chairs were snapped)",
        },
        assertFitsViewport("The complaint page", ".o_complaint_portal"),
    ],
});
