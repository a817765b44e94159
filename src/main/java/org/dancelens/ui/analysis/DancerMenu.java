package org.dancelens.ui.analysis;

import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import org.kordamp.ikonli.javafx.FontIcon;

/** The right-click menu of one dancer in the video: select, hide, swap, merge, export. What each item does is in the view-model. */
public final class DancerMenu {
    private DancerMenu() {
    }

    public static ContextMenu of(AnalysisViewModel vm, int track) {
        MenuItem select = item("_Select " + vm.dancerName(track), "dancer-select", "mdi2c-cursor-default-click-outline");
        select.setOnAction(e -> vm.selectDancer(track));
        MenuItem hide = item("_Hide " + vm.dancerName(track), "dancer-hide", "mdi2e-eye-off-outline");
        hide.setOnAction(e -> vm.hideDancer(track));
        Menu swap = new Menu("S_wap with");
        swap.setId("dancer-swap");
        Menu merge = new Menu("_Merge into");
        merge.setId("dancer-merge");
        for (Integer other : vm.dancers()) {
            if (other != track) {
                MenuItem s = new MenuItem(vm.dancerName(other));
                s.setMnemonicParsing(false);
                s.setId("dancer-swap-" + other);
                s.setOnAction(e -> vm.swapFromHere(track, other));
                swap.getItems().add(s);
                MenuItem m = new MenuItem(vm.dancerName(other));
                m.setMnemonicParsing(false);
                m.setId("dancer-merge-" + other);
                m.setOnAction(e -> vm.mergeFromHere(track, other));
                merge.getItems().add(m);
            }
        }
        for (Menu m : new Menu[] {swap, merge}) {
            m.setDisable(m.getItems().isEmpty() || vm.runningProperty().get());
        }
        MenuItem export = item("_Export This Dancer's Data…", "dancer-export", "mdi2f-file-export-outline");
        export.setOnAction(e -> vm.exportDancer(track));
        ContextMenu menu = new ContextMenu(select, hide, new SeparatorMenuItem(), swap, merge, new SeparatorMenuItem(), export);
        menu.setId("dancer-menu");
        return menu;
    }

    private static MenuItem item(String text, String id, String icon) {
        MenuItem i = new MenuItem(text, new FontIcon(icon));
        i.setId(id);
        return i;
    }
}
